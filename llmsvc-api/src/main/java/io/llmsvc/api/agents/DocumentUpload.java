package io.llmsvc.api.agents;

import java.io.InputStream;

/**
 * An uploaded file. {@code fileName} is what the user called it (any directory part is dropped by the agent; it
 * never becomes a path); {@code contentType} is the client's claim, checked against what the bytes are.
 *
 * @param visibility {@code private} (default), {@code everyone}, or {@code role:<name>}
 * @param size       bytes in {@code content}, or -1 when unknown
 */
public record DocumentUpload(String fileName, String contentType, String visibility, String title, long size, InputStream content) {}
