package io.llmsvc.worker.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small Python/Jinja2 compatibility pieces, each against what CPython prints. */
class PythonCompatTest {

    @Test
    void jsonDumpsDefaults() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("s", "줄\n\"q\"\t\\");
        map.put("n", null);
        map.put("l", Arrays.asList(1, 2.0, true, List.of()));
        map.put("e", Map.of());
        assertThat(PyJson.dumps(map, null, false, false))
                .isEqualTo("{\"s\": \"줄\\n\\\"q\\\"\\t\\\\\", \"n\": null, \"l\": [1, 2.0, true, []], \"e\": {}}");
        assertThat(PyJson.dumps("é\u0001", null, false, true)).isEqualTo("\"\\u00e9\\u0001\"");
        assertThat(PyJson.dumps(List.of(1, List.of(2)), 2, false, false)).isEqualTo("[\n  1,\n  [\n    2\n  ]\n]");
    }

    @Test
    void floatsPrintLikePythonRepr() {
        assertThat(PyJson.pyFloat(1.0)).isEqualTo("1.0");
        assertThat(PyJson.pyFloat(0.001)).isEqualTo("0.001");
        assertThat(PyJson.pyFloat(12345678.0)).isEqualTo("12345678.0");
        assertThat(PyJson.pyFloat(1e16)).isEqualTo("1e+16");
        assertThat(PyJson.pyFloat(1.5e-5)).isEqualTo("1.5e-05");
        assertThat(PyJson.pyFloat(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void strftimeDirectives() {
        ZonedDateTime t = ZonedDateTime.parse("2025-01-05T14:03:09Z");
        assertThat(PyStrftime.format("%d %b %Y", t)).isEqualTo("05 Jan 2025");
        assertThat(PyStrftime.format("%A, %B %d, %Y %I:%M:%S %p %j %y-%m %%", t))
                .isEqualTo("Sunday, January 05, 2025 02:03:09 PM 005 25-01 %");
        assertThat(PyStrftime.format("%Y-%m-%d %z", t)).isEqualTo("2025-01-05 +0000");
    }

    @Test
    void jinjaSourceWhitespaceControl() {
        assertThat(JinjaSource.normalize("a  {{- 'b' -}}  c\n")).isEqualTo("a{{ 'b' }}c");
        assertThat(JinjaSource.normalize("x {#- gone -#}\n y")).isEqualTo("xy");
        assertThat(JinjaSource.normalize("x\n   {# gone #}\ny")).isEqualTo("x\ny");
        // tag text inside string literals and raw sections is left alone
        assertThat(JinjaSource.normalize("{{ '-}}' }} {% raw %}{{- x -}}{% endraw %}"))
                .isEqualTo("{{ '-}}' }} {% raw %}{{- x -}}{% endraw %}");
        assertThat(JinjaSource.normalize("{{ x-1 }}  {%- if y -%}  z")).isEqualTo("{{ x-1 }}  {%- if y -%}  z");
    }
}
