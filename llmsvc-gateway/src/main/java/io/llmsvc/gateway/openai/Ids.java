package io.llmsvc.gateway.openai;

import java.util.concurrent.ThreadLocalRandom;

/** Response ids in OpenAI's shape ({@code chatcmpl-...}). Not secrets, so a fast random is enough. */
final class Ids {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    static String next(String prefix) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return prefix + new String(c);
    }

    private Ids() {}
}
