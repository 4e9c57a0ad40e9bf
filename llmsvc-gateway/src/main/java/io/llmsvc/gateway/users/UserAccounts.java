package io.llmsvc.gateway.users;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * User accounts: creation with the password rules, login checks with throttling, password changes, roles and the
 * disabled flag. Every failure is an {@link LlmsvcException} with a client-safe message; passwords and hashes are
 * never logged or returned.
 */
public final class UserAccounts {
    /** 3–64 letters or digits, plus {@code . _ @ -} after the first character. */
    static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{2,63}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;
    static final int MAX_DISPLAY_NAME = 100;
    static final String LOGIN_FAILED = "wrong username or password";

    private final UserStore users;
    private final WebSessionStore sessions;
    private final GatewaySettingsStore settings;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final UsersProperties props;
    private final InstantSource clock;
    private final SignupLimiter signups;

    UserAccounts(UserStore users, WebSessionStore sessions, GatewaySettingsStore settings, PasswordHasher hasher,
                 LoginThrottle throttle, UsersProperties props, InstantSource clock) {
        this.users = users;
        this.sessions = sessions;
        this.settings = settings;
        this.hasher = hasher;
        this.throttle = throttle;
        this.props = props;
        this.clock = clock;
        this.signups = new SignupLimiter(clock, props.signupsPerAddress(), props.signupsPerMinute());
    }

    /** Accounts over a migrated database, outside the server (the {@code llmsvc users} command). */
    public static UserAccounts over(DataSource dataSource, UsersProperties props) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        InstantSource clock = InstantSource.system();
        return new UserAccounts(new UserStore(jdbc), new WebSessionStore(jdbc), new GatewaySettingsStore(jdbc),
                new PasswordHasher(), new LoginThrottle(clock, props.loginWindow(), props.loginLock(), props.loginMaxLock()),
                props, clock);
    }

    /**
     * Creates an account. 400 for a bad username, password or role; 409 when the username is taken (in any case).
     *
     * @param displayName null for the username
     */
    public User create(String username, String displayName, String password, Set<String> roles) {
        return create(username, displayName, password, roles, false);
    }

    private User create(String username, String displayName, String password, Set<String> roles, boolean disabled) {
        username = AccountRules.normalize(username);
        checkUsername(username);
        checkPassword(username, password, "password");
        String name = displayName == null || displayName.isBlank() ? username : displayName.strip();
        if (name.length() > MAX_DISPLAY_NAME) throw LlmsvcException.invalid("display_name", "display_name must be at most " + MAX_DISPLAY_NAME + " characters");
        Set<String> checkedRoles = checkRoles(roles);
        Instant now = clock.instant();
        User u = new User(UUID.randomUUID().toString(), username, name, checkedRoles, disabled, now, now);
        if (!users.insert(u, hasher.hash(password))) {
            throw new LlmsvcException(ErrorCode.CONFLICT, "the username '" + username + "' is taken", "username");
        }
        return u;
    }

    /**
     * Sign-up: a new account with role {@code user}, disabled until an admin enables it when
     * {@code llmsvc.users.signup-approval} is set; 403 when sign-up is switched off.
     */
    User signup(String username, String displayName, String password, String clientAddress) {
        if (!signupEnabled()) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "sign-up is switched off; ask an admin for an account or an invite link");
        }
        checkSignup(username, password, clientAddress);
        return create(username, displayName, password, Set.of("user"), props.signupApproval());
    }

    /**
     * The checks of a self-service sign-up before any hashing: the name and password rules, the reserved names, then
     * the sign-up limits (counted only once the request is valid: they bound the hashing work, not typing mistakes).
     */
    void checkSignup(String username, String password, String clientAddress) {
        String name = AccountRules.normalize(username);
        checkUsername(name);
        AccountRules.checkNotReserved(name);
        checkPassword(name, password, "password");
        signups.acquire(clientAddress);
    }

    /** Whether an enabled account holds the admin role (then the bootstrap key retires, unless configured otherwise). */
    public boolean anyEnabledAdmin() {
        return users.anyEnabledAdmin();
    }

    boolean signupEnabled() {
        return settings.get(GatewaySettingsStore.SIGNUP_ENABLED).map(Boolean::parseBoolean).orElse(props.signupEnabled());
    }

    void setSignupEnabled(boolean enabled) {
        settings.put(GatewaySettingsStore.SIGNUP_ENABLED, Boolean.toString(enabled));
    }

    /**
     * Checks a login. The same message for an unknown user and a wrong password, and the same hashing work for both;
     * 429 with Retry-After while the username or the client address is locked.
     */
    User authenticate(String username, String password, String clientAddress) {
        required("username", username);
        username = AccountRules.normalize(username);
        required("password", password);
        if (username.length() > 64) throw LlmsvcException.invalid("username", "username must be at most 64 characters");
        if (password.length() > MAX_PASSWORD) throw LlmsvcException.invalid("password", "password must be at most " + MAX_PASSWORD + " characters");
        String userKey = "user:" + UserStore.key(username);
        String ipKey = "ip:" + clientAddress;
        throttle.check(userKey, ipKey);
        var row = users.findByUsername(username);
        boolean ok;
        if (row.isPresent()) {
            ok = hasher.matches(password, row.get().passwordHash());
        } else {
            hasher.matchDecoy(password);
            ok = false;
        }
        if (!ok) {
            throttle.failed(userKey, props.loginMaxFailures());
            throttle.failed(ipKey, props.loginMaxFailuresPerIp());
            throw new LlmsvcException(ErrorCode.UNAUTHORIZED, LOGIN_FAILED);
        }
        throttle.succeeded(userKey);
        // told only to someone who knows the password
        if (row.get().user().disabled()) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, props.signupApproval()
                    ? "this account is disabled: a new account waits for an admin's approval" : "this account is disabled");
        }
        return row.get().user();
    }

    /** Changes a password after checking the current one (throttled like logins); 403 when it is wrong. */
    User changePassword(String userId, String currentPassword, String newPassword, String clientAddress) {
        required("current_password", currentPassword);
        required("new_password", newPassword);
        var row = users.findById(userId).orElseThrow(() -> new LlmsvcException(ErrorCode.NOT_FOUND, "no such user"));
        if (currentPassword.length() > MAX_PASSWORD) throw LlmsvcException.invalid("current_password", "current_password is wrong");
        String userKey = "user:" + UserStore.key(row.user().username());
        throttle.check(userKey);
        if (!hasher.matches(currentPassword, row.passwordHash())) {
            throttle.failed(userKey, props.loginMaxFailures());
            throttle.failed("ip:" + clientAddress, props.loginMaxFailuresPerIp());
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "current_password is wrong", "current_password");
        }
        checkPassword(row.user().username(), newPassword, "new_password");
        if (newPassword.equals(currentPassword)) throw LlmsvcException.invalid("new_password", "new_password must differ from the current one");
        users.updatePassword(userId, hasher.hash(newPassword), clock.instant());
        return users.findById(userId).orElseThrow().user();
    }

    public List<User> list(int offset, int limit) {
        return users.list(offset, limit);
    }

    public long count() {
        return users.count();
    }

    /** Usernames of the given user ids that exist (ids of deleted users or the bootstrap key are left out). */
    public java.util.Map<String, String> usernames(java.util.Collection<String> ids) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (String id : new java.util.HashSet<>(ids)) {
            if (id != null && id.length() <= 36) users.findById(id).ifPresent(r -> out.put(id, r.user().username()));
        }
        return out;
    }

    User find(String id) {
        return users.findById(id).map(UserStore.Row::user)
                .orElseThrow(() -> new LlmsvcException(ErrorCode.NOT_FOUND, "no user with id '" + id + "'"));
    }

    /**
     * An admin changes a user's roles and/or disabled flag (null = unchanged). Disabling ends the user's sessions.
     * An admin cannot disable themself or drop their own admin role (409), so they cannot lock themself out.
     */
    User updateAccess(String actingUserId, String id, List<String> roles, Boolean disabled) {
        User u = find(id);
        Set<String> newRoles = roles == null ? u.roles() : checkRoles(new LinkedHashSet<>(roles));
        boolean newDisabled = disabled == null ? u.disabled() : disabled;
        if (u.id().equals(actingUserId) && (newDisabled || !newRoles.contains("admin"))) {
            throw new LlmsvcException(ErrorCode.CONFLICT, "you cannot disable yourself or remove your own admin role");
        }
        users.updateAccess(id, newRoles, newDisabled);
        if (newDisabled) sessions.deleteForUser(id, null);
        return find(id);
    }

    static void checkUsername(String username) {
        required("username", username);
        if (username.length() > 64) throw LlmsvcException.invalid("username", "username must be at most 64 characters");
        if (!USERNAME.matcher(username).matches()) {
            throw LlmsvcException.invalid("username",
                    "username must be 3 to 64 letters or digits; '.', '_', '@' and '-' are allowed after the first character");
        }
        AccountRules.checkScripts(username);
    }

    static void checkPassword(String username, String password, String field) {
        required(field, password);
        int n = password.codePointCount(0, password.length());
        if (n < MIN_PASSWORD || n > MAX_PASSWORD) {
            throw LlmsvcException.invalid(field, field + " must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        if (password.strip().equalsIgnoreCase(username)) throw LlmsvcException.invalid(field, field + " must not be the username");
        AccountRules.checkStrength(password, field);
    }

    Set<String> checkRoles(Set<String> roles) {
        if (roles == null || roles.isEmpty()) throw LlmsvcException.invalid("roles", "roles must name at least one role");
        Set<String> allowed = props.allowedRoles();
        Set<String> out = new LinkedHashSet<>();
        for (String r : roles) {
            if (r == null) throw LlmsvcException.invalid("roles", "roles must be strings");
            String role = r.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(role)) {
                throw LlmsvcException.invalid("roles", "unknown role '" + (r.length() > 32 ? r.substring(0, 32) + "…" : r)
                        + "'; allowed: " + String.join(", ", props.roles()));
            }
            out.add(role);
        }
        return Set.copyOf(out);
    }

    private static void required(String field, String value) {
        if (value == null || value.isEmpty()) throw LlmsvcException.invalid(field, "'" + field + "' is required");
    }
}
