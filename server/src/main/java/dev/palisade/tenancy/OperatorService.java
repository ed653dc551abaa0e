package dev.palisade.tenancy;

import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.OperatorRepository;
import dev.palisade.tenancy.internal.TenancyWrites;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Operators of a tenant. A tenant always keeps at least one active administrator; lowering an operator's role revokes
 * the operator's tokens that the new role no longer covers, in the same transaction.
 */
@Service
public class OperatorService {

    private final TenantTransactions transactions;
    private final OperatorRepository operators;
    private final TenancyWrites writes;
    private final Clock clock;

    OperatorService(TenantTransactions transactions, OperatorRepository operators, TenancyWrites writes, Clock clock) {
        this.transactions = transactions;
        this.operators = operators;
        this.writes = writes;
        this.clock = clock;
    }

    public Operator create(Caller caller, @Nullable String name, @Nullable String role) {
        String validName = TenancyInputs.operatorName("name", name);
        Role validRole = TenancyInputs.role("role", role);
        return transactions.inTenant(
                caller.tenant(),
                () -> writes.createOperator(caller.tenant(), validName, validRole, caller.actor(), caller.requestId()));
    }

    public Page<Operator> list(Caller caller, PageRequest page) {
        UUID after = page.after() == null ? null : UUID.fromString(page.after());
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        operators.page(caller.tenant(), after, page.limit() + 1),
                        page.limit(),
                        operator -> operator.id().toString()));
    }

    public Operator get(Caller caller, OperatorId id) {
        return transactions.readInTenant(caller.tenant(), () -> find(caller, id));
    }

    /**
     * Changes an operator's role and/or disables or re-enables it. Refuses to leave the tenant without an active
     * administrator.
     */
    public Operator update(Caller caller, OperatorId id, @Nullable Role role, @Nullable Boolean disabled) {
        return transactions.inTenant(caller.tenant(), () -> {
            Operator current = operators
                    .findForUpdate(caller.tenant(), id)
                    .orElseThrow(() -> new NotFoundException("tenancy.operator.not-found", "no such operator"));
            Role newRole = role == null ? current.role() : role;
            Instant disabledAt = disabled == null ? current.disabledAt() : disabled ? now(current) : null;
            boolean staysAdmin = newRole == Role.ADMIN && disabledAt == null;
            if (current.role() == Role.ADMIN
                    && current.active()
                    && !staysAdmin
                    && operators.otherActiveAdmins(caller.tenant(), id) == 0) {
                throw new ConflictException(
                        "tenancy.operator.last-admin", "the tenant would be left without an active administrator");
            }
            if (newRole == current.role() && java.util.Objects.equals(disabledAt, current.disabledAt())) {
                return current;
            }
            return writes.updateOperator(current, newRole, disabledAt, caller.actor(), caller.requestId());
        });
    }

    private Operator find(Caller caller, OperatorId id) {
        return operators
                .find(caller.tenant(), id)
                .orElseThrow(() -> new NotFoundException("tenancy.operator.not-found", "no such operator"));
    }

    private Instant now(Operator current) {
        Instant disabledAt = current.disabledAt();
        return disabledAt != null ? disabledAt : clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
