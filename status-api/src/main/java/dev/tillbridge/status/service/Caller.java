package dev.tillbridge.status.service;

import java.util.regex.Pattern;

/**
 * Who is asking, from the bearer token: an account's user sees only that account's integrations; an
 * operator sees and manages every account.
 *
 * @param account the token's {@code account} claim, or null (an operator's token may have none)
 */
public record Caller(String subject, String account, boolean operator) {

    public static final String OPERATOR_ROLE = "operator";
    /** An account id: what the dev token endpoint accepts and what a token's {@code account} claim must be. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public boolean canSee(String accountId) {
        return operator || (account != null && account.equals(accountId));
    }
}
