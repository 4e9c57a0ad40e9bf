package io.llmsvc.agents.documents;

/**
 * A piece of a document as it is indexed and cited.
 *
 * @param chunkId    {@code <documentId>:<ordinal>}
 * @param ordinal    0-based position in the document
 * @param title      the document's title
 * @param source     the uploaded file name or URL
 * @param page       1-based page or slide, or null
 * @param section    the heading path above the chunk ({@code "Intro > Scope"}), or null
 * @param start      character offset of {@code text} in the document's extracted text
 * @param end        exclusive end offset
 * @param tokens     token estimate of {@code text}
 */
public record Chunk(
        String chunkId,
        String documentId,
        int ordinal,
        String text,
        String title,
        String source,
        Integer page,
        String section,
        int start,
        int end,
        int tokens) {

    public static String idOf(String documentId, int ordinal) { return documentId + ":" + ordinal; }
}
