package dev.mikrodb.testing;

import dev.mikrodb.internal.storage.DiskFileLayer;
import dev.mikrodb.internal.storage.FileLayer;
import dev.mikrodb.internal.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real file system, plus a model of what a power cut would leave of it: the engine runs on real files while this
 * layer records, for every file, the bytes its last fsync made durable, and every name operation (creation, rename,
 * link, deletion, new directory) in the order it happened. At each chosen cut (before the Nth mutating call) it
 * writes the state a machine would reboot into to a directory of its own and lets the engine go on, as if the power
 * had gone out there: one run yields many crash images, each checked afterwards.
 *
 * <p>What survives, chosen at random at each cut among what POSIX allows:
 * <ul>
 *   <li>every name operation up to the last directory fsync (which guarantees them), and of the later ones either
 *       any prefix (a journaling file system such as ext4 or XFS commits them in order) or, at other cuts, any
 *       subset that keeps each file's and each name's own operations in order (a file system that logs each file's
 *       changes apart);</li>
 *   <li>a file's bytes are those of its last fsync; a file written since then may come back with either those or
 *       its current bytes (chosen at random per file and cut), never a mix that no fsync promised;</li>
 *   <li>a file created and never fsynced comes back empty, or with its current bytes.</li>
 * </ul>
 * Processes killed outright (the torture harness, {@code CrashTest}) keep the page cache and so test none of this.
 */
public final class PowerCutDisk extends ForwardingFileLayer {
    private final FileLayer disk = DiskFileLayer.INSTANCE;
    private final Path root;
    private final Random random;
    /** The mutating calls before which the power goes out, in order. */
    private final java.util.NavigableSet<Integer> cuts;
    /** Cuts before any call it accepts too (by description), where a uniform choice of calls rarely lands. */
    private final java.util.function.Predicate<String> alsoBefore;
    private final Witness witness;
    private final Object lock = new Object();
    /** The current names of the files this layer knows, by normalized absolute path. */
    private final Map<Path, Inode> names = new HashMap<>();
    /** What the last directory fsync guaranteed: names and directories. */
    private final Map<Path, Inode> durableNames = new HashMap<>();
    private final Set<Path> durableDirectories = new HashSet<>();
    /** Name operations since the last directory fsync, oldest first: a prefix, or a per-file subset, may survive. */
    private final List<NameOp> journal = new ArrayList<>();
    private int mutations;

    /** Told of each cut, under this layer's lock, before the call it precedes runs. */
    public interface Witness {
        /**
         * Notes what the engine has acknowledged at this moment and returns the directory the machine's image is
         * written to (it must not exist).
         *
         * @param before the call the power went out before, e.g. {@code "fsync directory live"}
         */
        Path cut(int call, String before);
    }

    /** A file's identity, whatever its names: its bytes as of its last fsync, and what was written since. */
    private static final class Inode {
        byte[] forced = new byte[0];
        long dirtyFrom = Long.MAX_VALUE;
        long dirtyTo;

        boolean dirty() {
            return dirtyFrom != Long.MAX_VALUE;
        }

        void wrote(long from, long to) {
            dirtyFrom = Math.min(dirtyFrom, from);
            dirtyTo = Math.max(dirtyTo, to);
        }
    }

    private sealed interface NameOp permits Named, Unnamed, Moved, Made {
        /** The files and names this operation touches: in the per-file model, a dropped one drops what follows. */
        List<Object> touches();
    }

    /** A name now refers to a file (created, linked). */
    private record Named(Path name, Inode inode) implements NameOp {
        public List<Object> touches() {
            return List.of(name, inode);
        }
    }

    private record Unnamed(Path name, Inode inode) implements NameOp {
        public List<Object> touches() {
            return List.of(name, inode);
        }
    }

    /** One atomic rename, replacing what {@code to} named. */
    private record Moved(Path from, Path to, Inode inode) implements NameOp {
        public List<Object> touches() {
            return List.of(from, to, inode);
        }
    }

    /** A directory was created. */
    private record Made(Path directory) implements NameOp {
        public List<Object> touches() {
            return List.of(directory);
        }
    }

    /**
     * @param root the directory the database lives in; what is in it now counts as durable
     * @param cuts the mutating calls (1 = the first) before which the power goes out
     * @param alsoBefore cuts before every call it accepts as well, given the call's description (as in
     *     {@link Witness#cut}); called under this layer's lock
     * @param random chooses what survives of what no fsync promised
     */
    public PowerCutDisk(Path root, java.util.Collection<Integer> cuts, java.util.function.Predicate<String> alsoBefore,
                        Random random, Witness witness) throws IOException {
        super(DiskFileLayer.INSTANCE);
        this.root = normal(root);
        this.cuts = new java.util.TreeSet<>(cuts);
        this.alsoBefore = alsoBefore;
        this.random = random;
        this.witness = witness;
        Files.createDirectories(this.root);
        durableDirectories.add(this.root);
        try (Stream<Path> existing = Files.walk(this.root)) {
            for (Path p : (Iterable<Path>) existing::iterator) {
                if (Files.isDirectory(p)) {
                    durableDirectories.add(normal(p));
                } else {
                    Inode inode = new Inode();
                    inode.forced = Files.readAllBytes(p);
                    names.put(normal(p), inode);
                    durableNames.put(normal(p), inode);
                }
            }
        }
    }

    /** Mutating calls made so far: how long a run is, to choose cuts within it. */
    public int mutations() {
        synchronized (lock) {
            return mutations;
        }
    }

    /** Cuts the power now, at the end of a run (after the database closed). */
    public void cutNow() throws IOException {
        synchronized (lock) {
            writeImage(witness.cut(mutations + 1, "the end"));
        }
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Under {@link #lock}: counts one mutating call; when a cut comes before it, writes the image first. */
    private void mutating(String what) throws IOException {
        int call = ++mutations;
        boolean numbered = !cuts.isEmpty() && cuts.first() <= call;
        if (numbered) {
            cuts.pollFirst();
        }
        if (numbered || alsoBefore.test(what)) {
            writeImage(witness.cut(call, what));
        }
    }

    /** Under {@link #lock}: the durable names, what survives of the journal after them, each file's surviving bytes. */
    private void writeImage(Path image) throws IOException {
        Map<Path, Inode> survivingNames = new HashMap<>(durableNames);
        Set<Path> directories = new HashSet<>(durableDirectories);
        for (NameOp op : random.nextBoolean() ? orderedSurvivors() : perFileSurvivors()) {
            apply(op, survivingNames, directories);
        }
        Files.createDirectories(image);
        Map<Inode, byte[]> chosen = new HashMap<>();
        for (Map.Entry<Path, Inode> e : survivingNames.entrySet()) {
            Path relative = root.relativize(e.getKey());
            if (relative.startsWith("..") || !directories.contains(e.getKey().getParent())) {
                continue; // its directory did not survive, or the file is not the database's
            }
            Path target = image.resolve(relative.toString());
            Files.createDirectories(target.getParent());
            byte[] bytes = chosen.computeIfAbsent(e.getValue(), this::survivingBytes);
            Files.write(target, bytes);
        }
    }

    /** A journaling file system's: any prefix of the name operations since the last directory fsync. */
    private List<NameOp> orderedSurvivors() {
        return journal.subList(0, random.nextInt(journal.size() + 1));
    }

    /**
     * A file system that orders name operations per file only (as a log of each file's own changes does): each may
     * survive or not, except that one lost loses every later one on the same file or name.
     */
    private List<NameOp> perFileSurvivors() {
        List<NameOp> kept = new ArrayList<>();
        Set<Object> lost = new HashSet<>();
        for (NameOp op : journal) {
            if (op.touches().stream().anyMatch(lost::contains) || random.nextBoolean()) {
                lost.addAll(op.touches());
            } else {
                kept.add(op);
            }
        }
        return kept;
    }

    private byte[] survivingBytes(Inode inode) {
        if (!inode.dirty() || random.nextBoolean()) {
            return inode.forced;
        }
        for (Map.Entry<Path, Inode> e : names.entrySet()) {
            if (e.getValue() == inode) {
                try {
                    return Files.readAllBytes(e.getKey());
                } catch (IOException gone) {
                    break;
                }
            }
        }
        return inode.forced;
    }

    private static void apply(NameOp op, Map<Path, Inode> names, Set<Path> directories) {
        if (op instanceof Named n) {
            names.put(n.name(), n.inode());
        } else if (op instanceof Unnamed u) {
            names.remove(u.name());
        } else if (op instanceof Moved m) {
            names.remove(m.from());
            names.put(m.to(), m.inode());
        } else if (op instanceof Made d) {
            directories.add(d.directory());
        }
    }

    /** Under {@link #lock}: records a name operation on the current names and in the journal. */
    private void record(NameOp op) {
        Set<Path> ignored = new HashSet<>();
        apply(op, names, ignored);
        journal.add(op);
    }

    @Override
    public StorageFile openForAppend(Path file) throws IOException {
        return open(file, false);
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        return open(file, true);
    }

    /** Opens (creating it if needed) or creates/truncates a file, naming a new inode when the name had none. */
    private StorageFile open(Path file, boolean truncate) throws IOException {
        synchronized (lock) {
            Path name = normal(file);
            Inode inode = names.get(name);
            mutating((truncate ? "create " : "open ") + name.getFileName());
            StorageFile f = truncate ? disk.create(file) : disk.openForAppend(file);
            if (inode == null) {
                inode = new Inode();
                record(new Named(name, inode));
            } else if (truncate) {
                inode.wrote(0, 0); // truncated: the bytes after its last fsync may be gone
            }
            return new CutFile(f, FileChannel.open(file, StandardOpenOption.READ), inode);
        }
    }





    @Override
    public void link(Path existing, Path link) throws IOException {
        synchronized (lock) {
            mutating("link " + link.getFileName());
            disk.link(existing, link);
            Inode inode = names.get(normal(existing));
            if (inode != null) {
                record(new Named(normal(link), inode));
            }
        }
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        synchronized (lock) {
            mutating("rename " + source.getFileName() + " " + target.getFileName());
            disk.moveAtomically(source, target);
            Inode inode = names.get(normal(source));
            if (inode != null) {
                record(new Moved(normal(source), normal(target), inode));
            }
        }
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        synchronized (lock) {
            mutating("delete " + file.getFileName());
            disk.deleteIfExists(file);
            if (names.containsKey(normal(file))) {
                record(new Unnamed(normal(file), names.get(normal(file))));
            }
        }
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        synchronized (lock) {
            mutating("fsync directory " + directory.getFileName());
            disk.syncDirectory(directory);
            // Journaled name operations reach the disk in order: this fsync guarantees every one made before it.
            for (NameOp op : journal) {
                apply(op, durableNames, durableDirectories);
            }
            journal.clear();
        }
    }



    @Override
    public void createDirectories(Path directory) throws IOException {
        synchronized (lock) {
            Path name = normal(directory);
            if (Files.isDirectory(name)) {
                disk.createDirectories(directory);
                return;
            }
            mutating("mkdir " + name.getFileName());
            disk.createDirectories(directory);
            record(new Made(name));
        }
    }

    /** An open file: writes mark its inode's bytes as not yet durable; an fsync makes them the durable ones. */
    private final class CutFile implements StorageFile {
        private final StorageFile file;
        /** The same file opened for reading, whatever it is renamed to meanwhile: what an fsync made durable. */
        private final FileChannel reader;
        private final Inode inode;

        CutFile(StorageFile file, FileChannel reader, Inode inode) {
            this.file = file;
            this.reader = reader;
            this.inode = inode;
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            synchronized (lock) {
                mutating("write");
                long at = file.position();
                int length = buffer.remaining();
                file.write(buffer);
                inode.wrote(at, at + length);
            }
        }

        @Override
        public void writeAt(ByteBuffer buffer, long position) throws IOException {
            synchronized (lock) {
                mutating("write");
                int length = buffer.remaining();
                file.writeAt(buffer, position);
                inode.wrote(position, position + length);
            }
        }

        @Override
        public void force() throws IOException {
            synchronized (lock) {
                mutating("fsync");
                file.force();
                int size = Math.toIntExact(reader.size());
                byte[] durable = Arrays.copyOf(inode.forced, size);
                if (inode.dirty() && inode.dirtyFrom < size) {
                    int to = (int) Math.min(inode.dirtyTo, size);
                    ByteBuffer range = ByteBuffer.wrap(durable, (int) inode.dirtyFrom, to - (int) inode.dirtyFrom);
                    long at = inode.dirtyFrom;
                    while (range.hasRemaining()) {
                        int n = reader.read(range, at);
                        if (n < 0) {
                            break;
                        }
                        at += n;
                    }
                }
                inode.forced = durable;
                inode.dirtyFrom = Long.MAX_VALUE;
                inode.dirtyTo = 0;
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (lock) {
                mutating("truncate");
                file.truncate(size);
                inode.wrote(size, size);
            }
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public void position(long position) throws IOException {
            file.position(position);
        }

        @Override
        public void close() throws IOException {
            try {
                file.close();
            } finally {
                reader.close();
            }
        }
    }
}
