package dev.palisade.provisioning;

import dev.palisade.audit.AuditLog;
import dev.palisade.provisioning.internal.RecallRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The tenant's recall (deny) list of device ids and manufacturer serials: a listed device never registers. */
@Service
public class Recalls {

    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final RecallRepository recalls;
    private final TenantTransactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    Recalls(RecallRepository recalls, TenantTransactions transactions, AuditLog audit, Clock clock) {
        this.recalls = recalls;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Puts a device id or serial on the list; returns false when it was listed already. */
    public boolean recall(Caller caller, Recall.Kind kind, String value, @Nullable String reason) {
        String why = reason == null || reason.isBlank() ? "none given" : reason.strip();
        if (why.length() > 512) {
            throw new InvalidInputException("reason", "a reason is at most 512 characters");
        }
        var recall = new Recall(kind, checked(value), why, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return transactions.inTenant(caller.tenant(), () -> {
            if (!recalls.insert(caller.tenant(), recall)) {
                return false;
            }
            audit.append(caller.audit("device.recalled", kind.wireName() + ":" + value)
                    .withDetails(Map.of("reason", why)));
            return true;
        });
    }

    public void lift(Caller caller, Recall.Kind kind, String value) {
        transactions.inTenant(caller.tenant(), () -> {
            if (!recalls.delete(caller.tenant(), kind, checked(value))) {
                throw new NotFoundException("provisioning.recall.not-found", "no such recall");
            }
            audit.append(caller.audit("device.recall-lifted", kind.wireName() + ":" + value));
        });
    }

    public List<Recall> list(Caller caller) {
        return transactions.readInTenant(caller.tenant(), () -> recalls.list(caller.tenant()));
    }

    public boolean isRecalled(TenantId tenant, String device, @Nullable String serial) {
        return transactions.readInTenant(tenant, () -> recalls.recalled(tenant, device, serial));
    }

    private static String checked(String value) {
        if (!VALUE.matcher(value).matches()) {
            throw new InvalidInputException("value", "a device id or serial is 1 to 128 printable characters");
        }
        return value;
    }
}
