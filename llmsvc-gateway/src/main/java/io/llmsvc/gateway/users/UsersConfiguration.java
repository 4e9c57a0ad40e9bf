package io.llmsvc.gateway.users;

import io.llmsvc.gateway.auth.AnonymousRoutes;
import io.llmsvc.gateway.auth.Authenticator;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.time.InstantSource;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.GATEWAY)
@EnableConfigurationProperties(UsersProperties.class)
class UsersConfiguration {

    @Bean
    UserAccounts userAccounts(JdbcClient jdbc, UsersProperties props) {
        InstantSource clock = InstantSource.system();
        return new UserAccounts(new UserStore(jdbc), new WebSessionStore(jdbc), new GatewaySettingsStore(jdbc),
                new PasswordHasher(), new LoginThrottle(clock, props.loginWindow(), props.loginLock(), props.loginMaxLock()),
                props, clock);
    }

    @Bean
    Invites invites(JdbcClient jdbc, UserAccounts accounts) {
        return new Invites(new InviteStore(jdbc), accounts, InstantSource.system());
    }

    /** The bootstrap key retires once an enabled admin account exists (asked on each use of the bootstrap key: rare). */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "llmsvc.users.retire-bootstrap-key", havingValue = "true", matchIfMissing = true)
    io.llmsvc.gateway.auth.BootstrapRetirement bootstrapRetirement(UserAccounts accounts) {
        return accounts::anyEnabledAdmin;
    }

    @Bean
    BrowserSessions browserSessions(JdbcClient jdbc, UsersProperties props) {
        return new BrowserSessions(new WebSessionStore(jdbc), props, InstantSource.system());
    }

    /** After the bootstrap key; consulted only for requests without an Authorization header. */
    @Bean
    @Order(20)
    Authenticator sessionAuthenticator(BrowserSessions sessions) {
        return new SessionAuthenticator(sessions);
    }

    @Bean
    AnonymousRoutes userAnonymousRoutes() {
        return new AnonymousRoutes(Set.of(AuthEndpoints.SIGNUP, AuthEndpoints.LOGIN, AuthEndpoints.LOGOUT));
    }
}
