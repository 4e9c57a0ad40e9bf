package io.llmsvc.bench;

import io.llmsvc.agents.documents.Chunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bilingual retrieval set in {@code src/main/resources/retrieval/}: 50 short documents of a fictional company
 * (25 English, 25 Korean: policies, manuals, release notes, meeting notes; ten of them distractors close in topic
 * to others), each paragraph one chunk, and questions
 * with their gold document, split into {@code eval} (the reported figures) and {@code dev} (fitting the reranker).
 */
final class RetrievalSet {
    record Document(String id, String lang, String title, List<String> paragraphs) {}

    /**
     * @param kind {@code same} (question and gold document in one language), {@code cross} (different languages) or
     *             {@code none} (no document answers it; gold is {@code none})
     */
    record Question(String split, String lang, String kind, String gold, String text) {}

    final List<Document> documents;
    final List<Question> questions;

    private RetrievalSet(List<Document> documents, List<Question> questions) {
        this.documents = documents;
        this.questions = questions;
    }

    static RetrievalSet load() throws IOException {
        List<Document> docs = new ArrayList<>();
        docs.addAll(documents(read("documents-en.txt"), "en"));
        docs.addAll(documents(read("documents-ko.txt"), "ko"));
        List<Question> qs = new ArrayList<>();
        for (String line : read("questions.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 5) throw new IllegalStateException("questions.tsv: 5 tab-separated fields expected: " + line);
            qs.add(new Question(f[0], f[1], f[2], f[3], f[4].strip()));
        }
        return new RetrievalSet(docs, qs);
    }

    /** Every document as chunks: one per paragraph, with offsets into the paragraphs joined by blank lines. */
    List<Chunk> chunks(Document d) {
        List<Chunk> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < d.paragraphs().size(); i++) {
            String p = d.paragraphs().get(i);
            out.add(new Chunk(Chunk.idOf(d.id(), i), d.id(), i, p, d.title(), d.id() + ".md", null, null, at, at + p.length(), p.length() / 4));
            at += p.length() + 2;
        }
        return out;
    }

    List<Question> questions(String split) {
        return questions.stream().filter(q -> q.split().equals(split)).toList();
    }

    private static List<Document> documents(String text, String lang) {
        List<Document> out = new ArrayList<>();
        String id = null, title = null;
        List<String> paragraphs = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (String line : (text + "\n=== end | end").split("\n")) {
            if (line.startsWith("#")) continue;
            if (line.startsWith("=== ") || line.isBlank()) {
                if (!para.isEmpty()) paragraphs.add(para.toString().strip());
                para.setLength(0);
            }
            if (line.startsWith("=== ")) {
                if (id != null) out.add(new Document(id, lang, title, List.copyOf(paragraphs)));
                String[] h = line.substring(4).split("\\|", 2);
                id = h[0].strip();
                title = h[1].strip();
                paragraphs.clear();
            } else if (!line.isBlank()) {
                para.append(para.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        return out;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = RetrievalSet.class.getResourceAsStream("/retrieval/" + name)) {
            if (in == null) throw new IOException("missing resource retrieval/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
