package io.llmsvc.agents.documents.answer;

/**
 * Passes on pieces of a text as they come so that they join to the whole text stripped: leading white space is
 * dropped, trailing white space is held back until more text follows it (and so never sent at the end).
 */
final class StrippedPieces {
    private String heldBack = "";
    private boolean started;

    /** What of {@code piece} may be sent now; empty when nothing may yet. */
    String add(String piece) {
        if (piece == null || piece.isEmpty()) return "";
        String t = heldBack + piece;
        if (!started) t = t.stripLeading();
        int end = t.length();
        while (end > 0 && Character.isWhitespace(t.charAt(end - 1))) end--;
        heldBack = t.substring(end);
        if (end == 0) return "";
        started = true;
        return t.substring(0, end);
    }
}
