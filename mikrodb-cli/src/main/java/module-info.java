/** The {@code mikrodb} launcher and shell. picocli reads the command classes reflectively. */
module dev.mikrodb.cli {
    requires dev.mikrodb.core;
    requires dev.mikrodb.server;
    requires dev.mikrodb.client;
    requires info.picocli;
    requires org.jline;
    requires java.logging;

    exports dev.mikrodb.cli;

    opens dev.mikrodb.cli to info.picocli;
    opens dev.mikrodb.cli.commands to info.picocli;
}
