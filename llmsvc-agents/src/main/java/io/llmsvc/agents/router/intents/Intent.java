package io.llmsvc.agents.router.intents;

import java.util.List;

/**
 * One intent the router can recognise, defined as data.
 *
 * @param name        identifier reported by the router ({@code document_search}); lower case, digits, {@code _ -}
 * @param description what messages of this intent ask for; also shown to the LLM
 * @param target      the agent target that serves it ({@code documents}); any name, the router only reports it
 * @param examples    labelled example utterances the classifier is trained on
 */
public record Intent(String name, String description, String target, List<Example> examples) {

    public Intent {
        examples = List.copyOf(examples);
    }

    /**
     * One example utterance.
     *
     * @param text     the message
     * @param language {@code ko}, {@code en}, … as written in the intents file; empty when not given
     */
    public record Example(String text, String language) {}
}
