package dev.palisade.api.tenancy;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.tenancy.TenancyViews.CreatedTokenView;
import dev.palisade.api.tenancy.TenancyViews.TokenView;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.NewToken;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.TenancyInputs;
import dev.palisade.tenancy.TenancySettings;
import dev.palisade.tenancy.TokenService;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens: one's own, or with tokens:read / tokens:manage everyone's in the tenant. */
@RestController
class TokenController {

    private static final String LIST = "tokens";

    private final TokenService tokens;
    private final IdempotentCreation idempotent;
    private final TenancySettings settings;

    TokenController(TokenService tokens, IdempotentCreation idempotent, TenancySettings settings) {
        this.tokens = tokens;
        this.idempotent = idempotent;
        this.settings = settings;
    }

    @GetMapping("/api/v1/tokens")
    @RequiresPermission(Permission.TOKENS_OWN)
    PageResponse<TokenView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String operatorId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        OperatorId operator = operatorId == null ? null : PathIds.operator("operatorId", operatorId);
        return PageResponse.of(
                LIST, tokens.list(caller, operator, Cursors.uuidKeyed(LIST, cursor, limit)), TokenView::of);
    }

    @GetMapping("/api/v1/tokens/{tokenId}")
    @RequiresPermission(Permission.TOKENS_OWN)
    TokenView get(Caller caller, @PathVariable String tokenId) {
        return TokenView.of(tokens.get(caller, PathIds.token("tokenId", tokenId)));
    }

    @PostMapping("/api/v1/tokens")
    @RequiresPermission(Permission.TOKENS_OWN)
    ResponseEntity<Object> create(
            Caller caller,
            @RequestBody NewTokenRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        var newToken = new NewToken(
                TenancyInputs.label("name", request.name(), 100),
                request.operatorId() == null ? null : PathIds.operator("operatorId", request.operatorId()),
                request.role() == null ? null : TenancyInputs.role("role", request.role()),
                request.expiresIn() == null
                        ? null
                        : TenancyInputs.lifetime("expiresIn", request.expiresIn(), settings.maxTokenTtl()));
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/tokens",
                request,
                () -> CreatedTokenView.of(tokens.create(caller, newToken)),
                CreatedTokenView::redacted);
    }

    @PostMapping("/api/v1/tokens/{tokenId}/revoke")
    @RequiresPermission(Permission.TOKENS_OWN)
    TokenView revoke(Caller caller, @PathVariable String tokenId) {
        return TokenView.of(tokens.revoke(caller, PathIds.token("tokenId", tokenId)));
    }

    /**
     * @param role the token's role; the operator's when omitted
     * @param expiresIn ISO-8601 duration such as {@code P30D}; the configured default when omitted
     * @param operatorId whose token; the caller's own when omitted
     */
    record NewTokenRequest(
            @Nullable String name,
            @Nullable String role,
            @Nullable String expiresIn,
            @Nullable String operatorId) {}
}
