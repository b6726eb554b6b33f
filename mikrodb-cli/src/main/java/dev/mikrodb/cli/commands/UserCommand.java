package dev.mikrodb.cli.commands;

import dev.mikrodb.AccessControl;
import dev.mikrodb.MikroStore;
import dev.mikrodb.Role;
import dev.mikrodb.ValidationException;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Prompts;
import dev.mikrodb.cli.Session;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", description = "Manage a user: user add NAME --role ROLE [--databases A,B], user set NAME [--role ROLE] [--databases A,B] [--password], user remove NAME. Passwords are asked for without echo.")
public final class UserCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "add, set or remove.")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", description = "The username.")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", description = "read, write, read_write or admin.")
    String role;

    @Option(names = "--databases", paramLabel = "A,B", split = ",", description = "Limit the user to these databases (default: all).")
    List<String> databases;

    @Option(names = "--password", description = "user set: change the password (asked for without echo, or MIKRODB_NEW_PASSWORD).")
    boolean newPassword;

    public UserCommand(Session session) {
        super(session);
    }

    @Override
    protected int run(MikroStore store) {
        AccessControl ac = session.accessControl(store);
        switch (action) {
            case "add" -> {
                if (role == null) {
                    throw new ValidationException("user add needs --role (read, write, read_write or admin)");
                }
                Role r = Role.parse(role);
                ac.createUser(name, password(), r, databases == null ? List.of() : databases);
                out().info("added user " + name + " (" + r.wireName() + ")");
            }
            case "set" -> {
                List<String> changed = ac.updateUser(name, newPassword ? password() : null,
                        role == null ? null : Role.parse(role), databases);
                out().info(changed.isEmpty() ? "nothing to change for " + name
                        : "changed " + String.join(", ", changed) + " of " + name);
            }
            case "remove" -> {
                if (!ac.deleteUser(name)) {
                    out().error("not found: no user named '" + name + "'");
                    return ExitCodes.NOT_FOUND_OR_CONFLICT;
                }
                out().info("removed user " + name);
            }
            default -> throw new ValidationException("unknown user action '" + action + "'; use add, set or remove");
        }
        return ExitCodes.OK;
    }

    private String password() {
        String given = session.env().get("MIKRODB_NEW_PASSWORD");
        return given != null ? given : Prompts.secret("Password for " + name + ": ");
    }
}
