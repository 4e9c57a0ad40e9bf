package io.llmsvc.agents.documents.search;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hybrid search and answers ({@code llmsvc.documents.search.*}).
 *
 * @param candidates      chunks taken from each of BM25 and kNN before fusion
 * @param rrfK            the k of reciprocal rank fusion: {@code score = Σ 1 / (k + rank)}
 * @param rerankDepth     fused candidates the reranker scores (the rest keep their fused order behind them)
 * @param relevanceFloor  least reranker relevance (0–1) of the best passage for an answer to count as found; below
 *                        it the answer says the documents do not contain it, without calling a model (the relevance
 *                        is calibrated so that 0.5 is "as likely answered as not")
 * @param answerMaxTokens most tokens a model may generate for one answer
 * @param answerContextChars most characters of passages put into the answer prompt
 */
@ConfigurationProperties("llmsvc.documents.search")
public record SearchProperties(
        @DefaultValue("50") int candidates,
        @DefaultValue("60") int rrfK,
        @DefaultValue("40") int rerankDepth,
        @DefaultValue("0.5") double relevanceFloor,
        @DefaultValue("512") int answerMaxTokens,
        @DefaultValue("6000") int answerContextChars) implements ValidatedSettings {

    public static SearchProperties defaults() { return new SearchProperties(50, 60, 40, 0.5, 512, 6000); }

    @Override
    public void validate() {
        String p = "llmsvc.documents.search.";
        if (candidates < 1 || candidates > 1000) throw new InvalidSettingException(p + "candidates", "an integer from 1 to 1000");
        if (rrfK < 1 || rrfK > 10_000) throw new InvalidSettingException(p + "rrf-k", "an integer from 1 to 10000");
        if (rerankDepth < 1 || rerankDepth > 2000) throw new InvalidSettingException(p + "rerank-depth", "an integer from 1 to 2000");
        if (!(relevanceFloor >= 0 && relevanceFloor < 1)) throw new InvalidSettingException(p + "relevance-floor", "a number from 0 to below 1");
        if (answerMaxTokens < 16 || answerMaxTokens > 32_768) throw new InvalidSettingException(p + "answer-max-tokens", "an integer from 16 to 32768");
        if (answerContextChars < 200 || answerContextChars > 1_000_000) throw new InvalidSettingException(p + "answer-context-chars", "an integer from 200 to 1000000");
    }
}
