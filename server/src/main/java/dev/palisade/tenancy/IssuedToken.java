package dev.palisade.tenancy;

/**
 * A token that was just created, with its secret: the only moment the secret exists outside its holder. Never log it.
 *
 * @param secret the full bearer token string, {@code pal_…}
 */
public record IssuedToken(ApiToken token, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[" + token.id() + "]";
    }
}
