package dev.tillbridge.status.service;

/**
 * Who is asking, from the bearer token: an account's user sees only that account's integrations; an
 * operator sees and manages every account.
 *
 * @param account the token's {@code account} claim, or null (an operator's token may have none)
 */
public record Caller(String subject, String account, boolean operator) {

    public static final String OPERATOR_ROLE = "operator";

    public boolean canSee(String accountId) {
        return operator || (account != null && account.equals(accountId));
    }
}
