package io.llmsvc.agents.router.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.router.classifier.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void normalizerFoldsWidthCaseAndPunctuation() {
        assertThat(TextNormalizer.normalize("  Ｈｅｌｌｏ,  WORLD!!  연차   규정?? ")).isEqualTo("hello world 연차 규정");
        assertThat(TextNormalizer.normalize("...")).isEmpty();
        assertThat(TextNormalizer.normalize(null)).isEmpty();
        assertThat(TextNormalizer.hasHangul("abc 가")).isTrue();
        assertThat(TextNormalizer.hasHangul("abc")).isFalse();
    }

    @Test
    void noriKeepsContentMorphemesAndDropsParticlesAndEndings() {
        KoreanMorphemes nori = new KoreanMorphemes();
        List<String> m = nori.morphemes("연차 규정을 찾아주세요");
        assertThat(m).contains("연차", "규정", "찾");
        assertThat(m).doesNotContain("을", "세요", "아");
        // particles glued to the same noun give the same morpheme
        assertThat(nori.morphemes("직원은")).containsExactly("직원");
        assertThat(nori.morphemes("직원들의")).contains("직원");
        // Latin words are left to the English features
        assertThat(nori.morphemes("VPN 비밀번호 재설정")).doesNotContain("vpn").contains("비밀", "번호");
        assertThat(nori.morphemes("no korean here")).isEmpty();
    }

    @Test
    void characterNgramsAreTwoToFourLongWithWordBoundaries() {
        List<String> grams = new ArrayList<>();
        new CharNgrams(2, 4).forEach("연차 규정", grams::add);
        // " 연차 규정 " has 7 code points: 6 bigrams, 5 trigrams, 4 four-grams
        assertThat(grams).hasSize(15);
        assertThat(grams).contains(" 연", "연차", "차 ", " 연차", "연차 ", "규정 ", " 규정 ", "차 규정");
        assertThat(grams).allMatch(g -> g.codePointCount(0, g.length()) >= 2 && g.codePointCount(0, g.length()) <= 4);
        List<String> none = new ArrayList<>();
        new CharNgrams(2, 4).forEach("", none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void englishTermsAreStemmedUnigramsAndBigrams() {
        EnglishTerms english = new EnglishTerms();
        assertThat(english.words("The company's policies on employees")).containsExactly("the", "compani", "polici", "on", "employe");
        List<String> terms = new ArrayList<>();
        english.forEach("how many employees", terms::add);
        assertThat(terms).containsExactly("how", "how_mani", "mani", "mani_employe", "employe");
        assertThat(english.words("직원 수 report")).containsExactly("report");
    }

    @Test
    void vectorizerWeightsEachGroupToItsNormAndDropsUnknownTerms() {
        LexicalVectorizer v = LexicalVectorizer.fit(List.of("find the vacation policy", "휴가 규정 찾아줘", "how many employees"),
                new LexicalVectorizer.Weights(1.0, 0.5, 0.25), 1);
        assertThat(v.dimensions()).isGreaterThan(50);
        FeatureVector en = v.vectorize("find the vacation policy");
        // English text: char n-gram group (norm 1) and word group (norm 0.25), no morphemes
        assertThat(norm(en)).isCloseTo(Math.sqrt(1 + 0.25 * 0.25), org.assertj.core.data.Offset.offset(1e-4));
        FeatureVector ko = v.vectorize("휴가 규정 찾아줘");
        assertThat(norm(ko)).isCloseTo(Math.sqrt(1 + 0.5 * 0.5), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(v.vectorize("zzz qqq").indices()).isEmpty();
        assertThat(en.dense()).isEmpty();
    }

    private static double norm(FeatureVector x) {
        double s = 0;
        for (float f : x.values()) s += f * f;
        return Math.sqrt(s);
    }
}
