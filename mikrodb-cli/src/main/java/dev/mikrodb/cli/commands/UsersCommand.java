package dev.mikrodb.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mikrodb.MikroStore;
import dev.mikrodb.UserInfo;
import dev.mikrodb.cli.ExitCodes;
import dev.mikrodb.cli.Session;
import dev.mikrodb.wire.WireJson;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "users", description = "List the users: name, role and databases (never a password).")
public final class UsersCommand extends StoreCommand {
    public UsersCommand(Session session) {
        super(session);
    }

    @Override
    protected boolean readsOnly() {
        return true;
    }

    @Override
    protected int run(MikroStore store) {
        List<UserInfo> users = session.accessControl(store).users();
        if (out().pretty()) {
            for (UserInfo u : users) {
                out().line(u.username() + "  " + u.role().wireName() + "  " + out().dim(u.databases().isEmpty()
                        ? "all databases" : String.join(", ", u.databases())));
            }
            out().info(users.size() + (users.size() == 1 ? " user" : " users"));
        } else {
            ArrayNode list = WireJson.array();
            users.forEach(u -> {
                ArrayNode databases = list.addObject().put("username", u.username()).put("role",
                        u.role().wireName()).putArray("databases");
                u.databases().forEach(databases::add);
            });
            out().json(list);
        }
        return ExitCodes.OK;
    }
}
