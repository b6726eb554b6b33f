package dev.mikrodb.cli.commands;

import dev.mikrodb.AccessControl;
import dev.mikrodb.MikroStore;
import dev.mikrodb.NewApiKey;
import dev.mikrodb.Role;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "key", description = "Manage API keys: key create NAME --role ROLE [--databases A,B] [--tablePrefixes P,Q] [--expires 30d|2027-01-01T00:00:00Z], key revoke ID. A new key is shown once.")
public final class KeyCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "create or revoke.")
    String action;

    @Parameters(index = "1", paramLabel = "NAME|ID", description = "create: the key's name; revoke: its id (see 'keys').")
    String target;

    @Option(names = "--role", paramLabel = "ROLE", description = "read, write, read_write or admin.")
    String role;

    @Option(names = "--databases", paramLabel = "A,B", split = ",", description = "Limit the key to these databases (default: all).")
    List<String> databases;

    @Option(names = "--tablePrefixes", paramLabel = "P,Q", split = ",", description = "Limit the key to tables whose names start with these.")
    List<String> tablePrefixes;

    @Option(names = "--expires", paramLabel = "WHEN", description = "An ISO-8601 instant, or a duration from now: 90m, 12h, 30d.")
    String expires;

    public KeyCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        AccessControl ac = session.accessControl(store);
        switch (action) {
            case "create" -> {
                if (role == null) {
                    throw new ValidationException("key create needs --role (read, write, read_write or admin)");
                }
                NewApiKey k = ac.createKey(target, Role.parse(role), databases == null ? List.of() : databases,
                        tablePrefixes == null ? List.of() : tablePrefixes, expiresAt());
                out().line(k.key());
                out().notice("created key " + k.id() + " (" + target + "); store it now, it will not be shown again");
            }
            case "revoke" -> {
                if (!ac.revokeKey(target)) {
                    out().error("not found: no API key with id '" + target + "' (see 'keys')");
                    return ExitCodes.NOT_FOUND_OR_CONFLICT;
                }
                out().info("revoked key " + target);
            }
            default -> throw new ValidationException("unknown key action '" + action + "'; use create or revoke");
        }
        return ExitCodes.OK;
    }

    private long expiresAt() {
        if (expires == null) {
            return 0;
        }
        try {
            return Instant.parse(expires).toEpochMilli();
        } catch (DateTimeParseException notAnInstant) {
            String unit = expires.isEmpty() ? "" : expires.substring(expires.length() - 1);
            try {
                long n = Long.parseLong(expires.substring(0, expires.length() - 1));
                Duration d = switch (unit) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> null;
                };
                if (d != null && n > 0) {
                    return System.currentTimeMillis() + d.toMillis();
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw new ValidationException("--expires must be an ISO-8601 instant (2027-01-01T00:00:00Z) or a "
                    + "duration such as 90m, 12h or 30d; got '" + expires + "'");
        }
    }
}
