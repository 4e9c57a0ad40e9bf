package io.llmsvc.api.worker;

/** A text to count tokens of with one model's tokenizer; {@code messages} are counted after the chat template. */
public record TokenizeRequest(String model, String text, java.util.List<ChatMessage> messages) {}
