package io.llmsvc.gateway.users;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.ValidatedSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User account settings ({@code llmsvc.users.*}).
 *
 * @param signupEnabled          whether anyone may create an account ({@code POST /api/v1/auth/signup}); off by default:
 *                               admins create accounts. An admin's switch ({@code PUT /api/v1/admin/settings/signup})
 *                               overrides it at run time
 * @param secureCookies          mark the session cookie {@code Secure} (set this when the gateway is served over HTTPS)
 * @param sessionIdleTimeout     a browser session unused this long ends (sliding expiry)
 * @param sessionMaxAge          a browser session ends this long after login, however active
 * @param roles                  the roles users may hold; must include {@code admin} and {@code user}
 * @param loginMaxFailures       failed logins for one username within {@code loginWindow} before it is locked
 * @param loginMaxFailuresPerIp  failed logins from one client address within {@code loginWindow} before it is locked
 * @param loginWindow            failures older than this are forgotten
 * @param loginLock              the first lock; every further failure after a lock doubles it
 * @param loginMaxLock           the longest lock
 * @param signupApproval         accounts made by sign-up start disabled until an admin enables them
 * @param retireBootstrapKey     the bootstrap key stops working once an enabled admin account exists
 * @param signupsPerAddress      sign-ups from one client address per hour (each costs a memory-hard hash)
 * @param signupsPerMinute       sign-ups from everyone per minute
 */
@ConfigurationProperties("llmsvc.users")
public record UsersProperties(
        @DefaultValue("false") boolean signupEnabled,
        @DefaultValue("false") boolean secureCookies,
        @DefaultValue("12h") Duration sessionIdleTimeout,
        @DefaultValue("7d") Duration sessionMaxAge,
        @DefaultValue({"admin", "user", "hr", "sales"}) List<String> roles,
        @DefaultValue("5") int loginMaxFailures,
        @DefaultValue("20") int loginMaxFailuresPerIp,
        @DefaultValue("15m") Duration loginWindow,
        @DefaultValue("30s") Duration loginLock,
        @DefaultValue("15m") Duration loginMaxLock,
        @DefaultValue("false") boolean signupApproval,
        @DefaultValue("true") boolean retireBootstrapKey,
        @DefaultValue("10") int signupsPerAddress,
        @DefaultValue("30") int signupsPerMinute) implements ValidatedSettings {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    public UsersProperties {
        roles = roles == null ? List.of() : roles.stream().map(r -> r.strip().toLowerCase(Locale.ROOT))
                .filter(r -> !r.isEmpty()).distinct().toList();
    }

    /** The defaults, as bound from an empty configuration. */
    public static UsersProperties defaults() {
        return new UsersProperties(false, false, Duration.ofHours(12), Duration.ofDays(7),
                List.of("admin", "user", "hr", "sales"), 5, 20, Duration.ofMinutes(15), Duration.ofSeconds(30),
                Duration.ofMinutes(15), false, true, 10, 30);
    }

    @Override
    public void validate() {
        if (!roles.contains("admin") || !roles.contains("user")) {
            throw new InvalidSettingException("llmsvc.users.roles", "a list that includes admin and user");
        }
        for (String r : roles) {
            if (!ROLE.matcher(r).matches()) {
                throw new InvalidSettingException("llmsvc.users.roles", "role names of lower-case letters, digits, '-' or '_' (got '" + r + "')");
            }
        }
        positive("llmsvc.users.session-idle-timeout", sessionIdleTimeout, "such as 12h");
        positive("llmsvc.users.session-max-age", sessionMaxAge, "such as 7d");
        if (loginMaxFailures < 1) throw new InvalidSettingException("llmsvc.users.login-max-failures", "an integer of at least 1");
        if (loginMaxFailuresPerIp < 1) throw new InvalidSettingException("llmsvc.users.login-max-failures-per-ip", "an integer of at least 1");
        positive("llmsvc.users.login-window", loginWindow, "such as 15m");
        if (signupsPerAddress < 1) throw new InvalidSettingException("llmsvc.users.signups-per-address", "an integer of at least 1");
        if (signupsPerMinute < 1) throw new InvalidSettingException("llmsvc.users.signups-per-minute", "an integer of at least 1");
        positive("llmsvc.users.login-lock", loginLock, "such as 30s");
        if (loginMaxLock == null || loginMaxLock.compareTo(loginLock) < 0) {
            throw new InvalidSettingException("llmsvc.users.login-max-lock", "a duration not shorter than llmsvc.users.login-lock");
        }
    }

    Set<String> allowedRoles() {
        return Set.copyOf(roles);
    }

    private static void positive(String name, Duration d, String example) {
        if (d == null || d.toMillis() < 1000) throw new InvalidSettingException(name, "a duration of at least 1s, " + example);
    }
}
