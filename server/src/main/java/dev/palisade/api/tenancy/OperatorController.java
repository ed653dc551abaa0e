package dev.palisade.api.tenancy;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.tenancy.TenancyViews.OperatorView;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.OperatorService;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.Role;
import dev.palisade.tenancy.TenancyInputs;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators of the caller's tenant. */
@RestController
class OperatorController {

    private static final String LIST = "operators";

    private final OperatorService operators;
    private final IdempotentCreation idempotent;

    OperatorController(OperatorService operators, IdempotentCreation idempotent) {
        this.operators = operators;
        this.idempotent = idempotent;
    }

    @GetMapping("/api/v1/operators")
    @RequiresPermission(Permission.OPERATORS_READ)
    PageResponse<OperatorView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(LIST, operators.list(caller, Cursors.uuidKeyed(LIST, cursor, limit)), OperatorView::of);
    }

    @GetMapping("/api/v1/operators/{operatorId}")
    @RequiresPermission(Permission.OPERATORS_READ)
    OperatorView get(Caller caller, @PathVariable String operatorId) {
        return OperatorView.of(operators.get(caller, PathIds.operator("operatorId", operatorId)));
    }

    @PostMapping("/api/v1/operators")
    @RequiresPermission(Permission.OPERATORS_MANAGE)
    ResponseEntity<Object> create(
            Caller caller,
            @RequestBody NewOperatorRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/operators",
                request,
                () -> OperatorView.of(operators.create(caller, request.name(), request.role())),
                view -> view);
    }

    @PatchMapping("/api/v1/operators/{operatorId}")
    @RequiresPermission(Permission.OPERATORS_MANAGE)
    OperatorView update(Caller caller, @PathVariable String operatorId, @RequestBody OperatorChange change) {
        Role role = change.role() == null ? null : TenancyInputs.role("role", change.role());
        return OperatorView.of(
                operators.update(caller, PathIds.operator("operatorId", operatorId), role, change.disabled()));
    }

    record NewOperatorRequest(
            @Nullable String name, @Nullable String role) {}

    /** Fields left out stay as they are. */
    record OperatorChange(@Nullable String role, @Nullable Boolean disabled) {}
}
