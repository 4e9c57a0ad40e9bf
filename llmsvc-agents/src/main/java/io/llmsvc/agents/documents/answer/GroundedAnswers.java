package io.llmsvc.agents.documents.answer;

import io.llmsvc.agents.documents.search.SearchProperties;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerEvent;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.AnswerStream;
import io.llmsvc.api.agents.Citation;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a question from retrieved passages, in one of three ways:
 * <ul>
 *   <li><b>not found</b> ({@code method: "none"}, {@code found: false}) — no passage, or the best one's relevance is
 *       below {@code llmsvc.documents.search.relevance-floor}: the answer says the documents do not contain it, and no
 *       model is called (a model asked anyway would guess);</li>
 *   <li><b>llm</b> — a chat model (the one asked for, else the agents' model) gets the passages numbered [1]..[n]
 *       and is told to answer only from them, cite them as [n], and say so when they do not contain the answer.
 *       The citations returned are the passages the answer cites; when it cites none (small models often do not),
 *       all passages given to the model are returned, since the answer was generated from exactly those. When
 *       the prompt does not fit the model's context, the least relevant passages are left out (then the last one
 *       is shortened) until it does;</li>
 *   <li><b>extractive</b> — no model is loaded (or the agents' default model failed, or even the best passage
 *       does not fit its context; the answer's {@code reason} says which): the 1–3 sentences of the
 *       passages that cover most of the question, quoted with [n] markers; citations are the quoted passages.</li>
 * </ul>
 */
public final class GroundedAnswers {
    private static final Logger log = LoggerFactory.getLogger(GroundedAnswers.class);
    private static final Pattern CITE = Pattern.compile("\\[(\\d{1,3}(?:\\s*[,，]\\s*\\d{1,3})*)]");
    private static final int MAX_SHRINKS = 8;
    private static final Pattern HANGUL = Pattern.compile("[\\uAC00-\\uD7A3]");
    static final String NOT_FOUND_EN = "The documents do not contain an answer to this question.";
    static final String NOT_FOUND_KO = "문서에서 이 질문에 대한 답을 찾을 수 없습니다.";
    static final String SYSTEM = """
            You answer questions using only the numbered passages from the user's documents below.
            Rules: use no other knowledge; after each statement cite the passage(s) it comes from as [1], [2] and so on;
            if the passages do not contain the answer, say that the documents do not contain it;
            answer in the language of the question, briefly.""";

    private final AgentModel model;
    private final SearchProperties settings;

    /** @param model null when no chat model can ever be used (answers are then extractive) */
    public GroundedAnswers(AgentModel model, SearchProperties settings) {
        this.model = model;
        this.settings = settings;
    }

    /**
     * @param passages       best first, as reranked
     * @param requestedModel the model the caller asked for, or null for the agents' default; a requested model that
     *                       fails is an error, the default one falls back to extractive
     */
    public AnswerResponse answer(String question, List<Passage> passages, String requestedModel) {
        return answer(question, passages, requestedModel, m -> true);
    }

    /**
     * As above; the agents' default model is used only when {@code mayUse} accepts it (a key limited to other models
     * gets the extractive answer, reason {@code model_not_allowed}).
     */
    public AnswerResponse answer(String question, List<Passage> passages, String requestedModel,
                                 java.util.function.Predicate<String> mayUse) {
        List<Passage> relevant = passages.stream().filter(p -> p.relevance() >= settings.relevanceFloor()).toList();
        if (relevant.isEmpty()) {
            return new AnswerResponse(HANGUL.matcher(question).find() ? NOT_FOUND_KO : NOT_FOUND_EN, List.of(), "none", null, false);
        }
        List<Passage> context = withinBudget(relevant);
        String chosen = requestedModel != null && !requestedModel.isBlank() ? requestedModel.strip()
                : Optional.ofNullable(model).flatMap(AgentModel::chatModel).orElse(null);
        if (chosen == null || model == null) return Extractive.answer(question, context, AnswerResponse.NO_MODEL);
        if (!mayUse.test(chosen)) return Extractive.answer(question, context, AnswerResponse.MODEL_NOT_ALLOWED);
        try {
            return generated(question, context, chosen);
        } catch (LlmsvcException e) {
            if (requestedModel != null && !requestedModel.isBlank()) throw e;
            log.warn("answer model {} failed ({}); answering extractively", chosen, e.getMessage());
            return Extractive.answer(question, context,
                    e.code() == ErrorCode.CONTEXT_LENGTH_EXCEEDED ? AnswerResponse.CONTEXT_TOO_SMALL : AnswerResponse.MODEL_FAILED);
        }
    }

    private AnswerResponse generated(String question, List<Passage> context, String modelId) {
        List<Passage> given = new ArrayList<>(context);
        int lastChars = given.getLast().chunk().text().length();
        for (int attempt = 0; ; attempt++) {
            try {
                return generatedOnce(question, given, lastChars, modelId);
            } catch (LlmsvcException e) {
                lastChars = shrink(given, lastChars, e, attempt);
            }
        }
    }

    /**
     * After a prompt did not fit the model's context: fewer passages, then a shorter last one; the new length of the
     * last passage. Rethrows {@code e} for any other failure or when nothing is left to shrink.
     */
    private static int shrink(List<Passage> given, int lastChars, LlmsvcException e, int attempt) {
        if (e.code() != ErrorCode.CONTEXT_LENGTH_EXCEEDED || attempt == MAX_SHRINKS) throw e;
        if (given.size() > 1) {
            given.removeLast();
            return given.getLast().chunk().text().length();
        }
        if (lastChars > 200) return lastChars / 2;
        throw e;
    }

    private AnswerResponse generatedOnce(String question, List<Passage> context, int lastChars, String modelId) {
        var done = model.complete(modelId, prompt(question, context, lastChars), settings.answerMaxTokens(), null);
        return generatedAnswer(done.text(), context, done.model(), done.usage());
    }

    /** The system rules and the numbered passages (the last one cut to {@code lastChars}) with the question. */
    private static List<ChatMessage> prompt(String question, List<Passage> context, int lastChars) {
        StringBuilder user = new StringBuilder("Passages:\n");
        for (int i = 0; i < context.size(); i++) {
            var c = context.get(i).chunk();
            String text = c.text().strip();
            if (i == context.size() - 1 && text.length() > lastChars) text = text.substring(0, lastChars) + "…";
            user.append('[').append(i + 1).append("] ");
            if (c.title() != null) user.append('(').append(c.title()).append(c.page() != null ? ", p. " + c.page() : "").append(") ");
            user.append(text).append("\n\n");
        }
        user.append("Question: ").append(question.strip());
        return List.of(ChatMessage.of("system", SYSTEM), ChatMessage.of("user", user.toString()));
    }

    /** A model's answer with the passages it cites (all given ones when it cites none). */
    private static AnswerResponse generatedAnswer(String raw, List<Passage> context, String modelId, io.llmsvc.api.worker.Usage usage) {
        String text = raw.strip();
        Set<Integer> cited = cited(text, context.size());
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < context.size(); i++) {
            if (cited.isEmpty() || cited.contains(i + 1)) citations.add(citation(i + 1, context.get(i)));
        }
        return new AnswerResponse(text, citations, "llm", modelId, true, null, usage);
    }

    /**
     * The same answer as {@link #answer(String, List, String, Predicate)}, streamed: the method, the model and the
     * passages are settled first (a prompt too large for the model is shrunk, a default model that fails before its
     * first token falls back to extractive, as above), then the model's text streams; answers without a model arrive
     * as one delta. A default model that fails midway ends the stream with the extractive answer (reason
     * {@code model_failed}); a requested one with a failed event.
     */
    public AnswerStream stream(String question, List<Passage> passages, String requestedModel, Predicate<String> mayUse) {
        List<Passage> relevant = passages.stream().filter(p -> p.relevance() >= settings.relevanceFloor()).toList();
        if (relevant.isEmpty()) return AnswerStream.of(answer(question, relevant, requestedModel, mayUse));
        List<Passage> context = withinBudget(relevant);
        boolean requested = requestedModel != null && !requestedModel.isBlank();
        String chosen = requested ? requestedModel.strip() : Optional.ofNullable(model).flatMap(AgentModel::chatModel).orElse(null);
        if (chosen == null || model == null) return AnswerStream.of(Extractive.answer(question, context, AnswerResponse.NO_MODEL));
        if (!mayUse.test(chosen)) return AnswerStream.of(Extractive.answer(question, context, AnswerResponse.MODEL_NOT_ALLOWED));
        try {
            return streamed(question, context, chosen, requested);
        } catch (LlmsvcException e) {
            if (requested) throw e;
            log.warn("answer model {} failed ({}); answering extractively", chosen, e.getMessage());
            return AnswerStream.of(Extractive.answer(question, context,
                    e.code() == ErrorCode.CONTEXT_LENGTH_EXCEEDED ? AnswerResponse.CONTEXT_TOO_SMALL : AnswerResponse.MODEL_FAILED));
        }
    }

    /** Opens the generation, shrinking the passages as {@link #generated} does until its first event is not a failure. */
    private AnswerStream streamed(String question, List<Passage> context, String modelId, boolean requested) {
        List<Passage> given = new ArrayList<>(context);
        int lastChars = given.getLast().chunk().text().length();
        for (int attempt = 0; ; attempt++) {
            TokenStream tokens = model.generate(modelId, prompt(question, given, lastChars), settings.answerMaxTokens(), null);
            try {
                GenerationEvent first = firstEvent(tokens);
                return new ModelAnswerStream(tokens, first, question, List.copyOf(given), modelId, requested);
            } catch (LlmsvcException e) {
                tokens.cancel();
                lastChars = shrink(given, lastChars, e, attempt);
            } catch (RuntimeException e) {
                tokens.cancel();
                throw e;
            }
        }
    }

    private static GenerationEvent firstEvent(TokenStream tokens) {
        if (!tokens.hasNext()) throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "the model's stream ended without a result");
        GenerationEvent e = tokens.next();
        if (e instanceof GenerationEvent.Failed f) throw new LlmsvcException(ErrorCode.fromCode(f.code()), f.message());
        return e;
    }

    /**
     * A grounded answer as the model writes it. The deltas are the answer's text exactly as {@link AnswerResponse}
     * holds it (stripped): leading white space is dropped and trailing white space is held back until more text
     * follows it.
     */
    private final class ModelAnswerStream implements AnswerStream {
        private final TokenStream tokens;
        private final String question;
        private final List<Passage> context;
        private final String modelId;
        private final boolean requested;
        private final StringBuilder raw = new StringBuilder();
        private final java.util.ArrayDeque<AnswerEvent> ready = new java.util.ArrayDeque<>();
        private GenerationEvent pending;
        private final StrippedPieces pieces = new StrippedPieces();
        private boolean finished;

        ModelAnswerStream(TokenStream tokens, GenerationEvent first, String question, List<Passage> context,
                          String modelId, boolean requested) {
            this.tokens = tokens;
            this.pending = first;
            this.question = question;
            this.context = context;
            this.modelId = modelId;
            this.requested = requested;
            List<Citation> given = new ArrayList<>();
            for (int i = 0; i < context.size(); i++) given.add(citation(i + 1, context.get(i)));
            ready.add(new AnswerEvent.Start("llm", modelId, given));
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !finished) step();
            return !ready.isEmpty();
        }

        @Override
        public AnswerEvent next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            return ready.poll();
        }

        private void step() {
            GenerationEvent e;
            try {
                if (pending != null) {
                    e = pending;
                    pending = null;
                } else if (tokens.hasNext()) {
                    e = tokens.next();
                } else {
                    e = new GenerationEvent.Failed(ErrorCode.UPSTREAM_ERROR.code(), "the model's stream ended without a result");
                }
            } catch (LlmsvcException ex) {
                e = new GenerationEvent.Failed(ex.code().code(), ex.getMessage());
            }
            switch (e) {
                case GenerationEvent.Delta d -> text(d.text());
                case GenerationEvent.Done d -> {
                    finish(new AnswerEvent.Done(generatedAnswer(raw.toString(), context, modelId, d.usage())));
                }
                case GenerationEvent.Failed f -> {
                    if (requested) {
                        finish(new AnswerEvent.Failed(f.code(), f.message()));
                    } else {
                        log.warn("answer model {} failed midway ({}); answering extractively", modelId, f.message());
                        finish(new AnswerEvent.Done(Extractive.answer(question, context, AnswerResponse.MODEL_FAILED)));
                    }
                }
            }
        }

        private void text(String piece) {
            if (piece == null) return;
            raw.append(piece);
            String send = pieces.add(piece);
            if (!send.isEmpty()) ready.add(new AnswerEvent.Delta(send));
        }

        private void finish(AnswerEvent last) {
            finished = true;
            ready.add(last);
            tokens.cancel();
        }

        @Override
        public void cancel() {
            finished = true;
            tokens.cancel();
        }
    }

    /** Passage numbers {@code [n]}, {@code [n, m]} in the answer that refer to a passage given. */
    static Set<Integer> cited(String text, int passages) {
        Set<Integer> out = new TreeSet<>();
        Matcher m = CITE.matcher(text);
        while (m.find()) {
            for (String n : m.group(1).split("[,，]")) {
                int i = Integer.parseInt(n.strip());
                if (i >= 1 && i <= passages) out.add(i);
            }
        }
        return out;
    }

    static Citation citation(int number, Passage p) {
        var c = p.chunk();
        return new Citation(number, c.documentId(), c.chunkId(), c.title(), c.source(), c.page(), c.text());
    }

    /** The best passages whose text fits {@code answer-context-chars} (at least the best one, cut if it must be). */
    private List<Passage> withinBudget(List<Passage> passages) {
        List<Passage> out = new ArrayList<>();
        int used = 0;
        for (Passage p : passages) {
            int len = p.chunk().text().length();
            if (!out.isEmpty() && used + len > settings.answerContextChars()) break;
            out.add(p);
            used += len;
        }
        return out;
    }

}
