package io.llmsvc.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.api.agents.RouteDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An intent added by an operator's file is learnt at start and routed to its target (lexical features only here). */
class OperatorIntentTest {

    @Test
    void anAddedIntentIsRoutedToItsTarget(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intents.yaml");
        Files.writeString(file, """
                intents:
                  - name: it_support
                    target: helpdesk
                    description: Problems with laptops, accounts, VPN, Wi-Fi, printers and other IT equipment.
                    examples:
                      en:
                        - "my laptop will not boot"
                        - "I'm locked out of my account"
                        - "the printer on the third floor is jammed"
                        - "VPN keeps disconnecting every few minutes"
                        - "my monitor flickers"
                        - "I can't connect to the office wifi"
                        - "Outlook crashes when I open an attachment"
                        - "please reset my password"
                        - "my keyboard stopped working"
                        - "the projector in room 4 has no signal"
                        - "I need admin rights to install software"
                        - "my laptop battery drains very fast"
                      ko:
                        - "노트북이 안 켜져요"
                        - "계정이 잠겼어요"
                        - "3층 프린터에 종이가 걸렸어"
                        - "VPN이 몇 분마다 끊겨요"
                        - "모니터 화면이 깜빡거려"
                        - "사무실 와이파이 연결이 안 돼"
                        - "아웃룩이 첨부파일 열면 멈춰요"
                        - "비밀번호 초기화해 주세요"
                        - "키보드가 갑자기 안 먹어"
                        - "4번 회의실 프로젝터 신호가 없어요"
                        - "프로그램 설치하려면 관리자 권한이 필요해"
                        - "노트북 배터리가 너무 빨리 닳아"
                """);
        IntentCatalog catalog = IntentCatalog.configured(file.toString(), false);
        IntentClassifier.Settings lexical = new IntentClassifier.Settings(IntentClassifier.Settings.DEFAULT.l2(),
                IntentClassifier.Settings.DEFAULT.folds(), IntentClassifier.Settings.DEFAULT.lexical(), 1, 0);
        IntentClassifier classifier = IntentClassifier.train(catalog, null, lexical);
        assertThat(classifier.summary().intents()).isEqualTo(5);
        assertThat(classifier.summary().embedder()).isEqualTo("none");
        RouterService router = new RouterService(classifier, null, RouterProperties.defaults());

        RouteDecision en = router.routeMessage("my laptop keeps disconnecting from the wifi");
        assertThat(en.intent()).isEqualTo("it_support");
        assertThat(en.target()).isEqualTo("helpdesk");
        assertThat(en.scores()).containsKey("it_support").hasSize(5);
        assertThat(router.routeMessage("노트북 와이파이가 자꾸 끊겨요").intent()).isEqualTo("it_support");
        // the built-in intents still work next to it
        assertThat(router.routeMessage("부서별 평균 연봉 알려줘").intent()).isEqualTo("employee_analysis");
        assertThat(router.listIntents()).hasSize(5);
    }
}
