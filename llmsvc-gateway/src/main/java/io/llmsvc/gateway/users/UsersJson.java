package io.llmsvc.gateway.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.runtime.web.StrictJson;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the user routes, read strictly: unknown fields and wrong types are 400s naming the field. */
final class UsersJson {
    static <T> T read(byte[] body, Class<T> type) {
        return StrictJson.read(body, type);
    }

    /** @param invite the token of an invite link ({@code /signup?invite=…}); then sign-up need not be open */
    record SignupRequest(String username, String password, @JsonProperty("display_name") String displayName, String invite) {}

    record NewInvite(List<String> roles, @JsonProperty("expires_in_days") Integer expiresInDays) {}

    /** An invite; {@code token} and {@code url} only in the answer that created it. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record InviteView(String id, List<String> roles, @JsonProperty("created_by") String createdBy,
                      @JsonProperty("created_at") String createdAt, @JsonProperty("expires_at") String expiresAt,
                      @JsonProperty("used_at") String usedAt, @JsonProperty("used_by") String usedBy, String token, String url) {
        static InviteView of(InviteStore.Invite i, String token) {
            return new InviteView(i.id(), List.copyOf(i.roles()), i.createdBy(), i.createdAt().toString(), i.expiresAt().toString(),
                    i.usedAt() == null ? null : i.usedAt().toString(), i.usedBy(), token, token == null ? null : "/signup?invite=" + token);
        }
    }

    record InvitePage(String object, List<InviteView> data) {}

    /** An account made by an admin; roles default to {@code user}. */
    record NewUser(String username, String password, @JsonProperty("display_name") String displayName, List<String> roles) {}

    record LoginRequest(String username, String password) {}

    record PasswordChange(@JsonProperty("current_password") String currentPassword,
                          @JsonProperty("new_password") String newPassword) {}

    record AccessPatch(List<String> roles, Boolean disabled) {}

    record SignupSwitch(Boolean enabled) {}

    record UserView(String id, String username, @JsonProperty("display_name") String displayName, List<String> roles,
                    boolean disabled, @JsonProperty("created_at") String createdAt,
                    @JsonProperty("password_changed_at") String passwordChangedAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.username(), u.displayName(), u.roles().stream().sorted().toList(), u.disabled(),
                    iso(u.createdAt()), iso(u.passwordChangedAt()));
        }

        private static String iso(Instant t) {
            return t == null ? null : t.toString();
        }
    }

    /** Login and {@code /me}: the user, their roles, and the CSRF token of the cookie session (null with a bearer key). */
    record SessionView(UserView user, List<String> roles, @JsonProperty("csrf_token") String csrfToken) {}

    record UserPage(String object, List<UserView> data, long total, int limit, int offset) {}

    record SignupState(boolean enabled) {}

    private UsersJson() {}
}
