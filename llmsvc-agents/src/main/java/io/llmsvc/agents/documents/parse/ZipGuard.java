package io.llmsvc.agents.documents.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.poi.openxml4j.util.ZipSecureFile;

/**
 * Checks an Office Open XML package (DOCX, PPTX) for decompression bombs before any parser reads it, by inflating
 * each XML part through POI's {@link ZipSecureFile}, which stops at an inflate ratio below
 * {@value #MIN_INFLATE_RATIO} (more than 100:1) and at parts larger than {@value #MAX_ENTRY_BYTES} bytes. This is
 * needed because Tika's OOXML handlers collect a whole text run in memory: a 1 GB run of one repeated character,
 * 1 MB compressed, exhausts the heap long before any text limit downstream sees a character. Media parts are not
 * inflated (they are never parsed) and cost nothing here.
 */
final class ZipGuard {
    static final double MIN_INFLATE_RATIO = 0.01;
    static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 1024L * 1024 * 1024;

    static {
        // POI keeps these limits in static fields; set them once for every POI use in this process
        ZipSecureFile.setMinInflateRatio(MIN_INFLATE_RATIO);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    /** Throws {@link RejectedDocumentException} naming the problem when the package is a bomb or not a ZIP file. */
    static void check(Path file, String kind) throws RejectedDocumentException {
        long total = 0;
        try (ZipSecureFile zip = new ZipSecureFile(file.toFile())) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                String name = e.getName().toLowerCase(java.util.Locale.ROOT);
                if (e.isDirectory() || !(name.endsWith(".xml") || name.endsWith(".rels"))) continue;
                try (InputStream in = zip.getInputStream(e)) {
                    total += in.transferTo(OutputStream.nullOutputStream());
                }
                if (total > MAX_TOTAL_BYTES) {
                    throw new RejectedDocumentException("rejected " + kind + ": its XML parts expand to more than "
                            + MAX_TOTAL_BYTES / (1024 * 1024) + " MB (decompression bomb?)");
                }
            }
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("max size") || m.contains("MAX_ENTRY_SIZE")) {
                throw new RejectedDocumentException("rejected " + kind + ": a part expands to more than "
                        + MAX_ENTRY_BYTES / (1024 * 1024) + " MB (decompression bomb?)", e);
            }
            if (m.contains("Zip bomb")) {
                throw new RejectedDocumentException("rejected " + kind + ": it looks like a zip bomb (a part expands more than "
                        + Math.round(1 / MIN_INFLATE_RATIO) + " times)", e);
            }
            throw new RejectedDocumentException("could not parse " + kind + ": not a valid ZIP package", e);
        }
    }

    private ZipGuard() {}
}
