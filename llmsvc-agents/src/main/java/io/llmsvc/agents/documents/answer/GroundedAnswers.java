package io.llmsvc.agents.documents.answer;

import io.llmsvc.agents.documents.search.SearchProperties;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.AnswerResponse;
import io.llmsvc.api.agents.Citation;
import io.llmsvc.api.worker.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
                // the prompt does not fit the model's context: fewer passages, then a shorter last one
                if (e.code() != ErrorCode.CONTEXT_LENGTH_EXCEEDED || attempt == MAX_SHRINKS) throw e;
                if (given.size() > 1) {
                    given.removeLast();
                    lastChars = given.getLast().chunk().text().length();
                } else if (lastChars > 200) {
                    lastChars /= 2;
                } else {
                    throw e;
                }
            }
        }
    }

    private AnswerResponse generatedOnce(String question, List<Passage> context, int lastChars, String modelId) {
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
        var done = model.complete(modelId, List.of(ChatMessage.of("system", SYSTEM), ChatMessage.of("user", user.toString())),
                settings.answerMaxTokens(), null);
        String text = done.text().strip();
        Set<Integer> cited = cited(text, context.size());
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < context.size(); i++) {
            if (cited.isEmpty() || cited.contains(i + 1)) citations.add(citation(i + 1, context.get(i)));
        }
        return new AnswerResponse(text, citations, "llm", done.model(), true, null, done.usage());
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
