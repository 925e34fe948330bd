package dev.ecstatic.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * The on-disk rules of {@code --state DIR}, shared by the DynamoDB and S3 stores: every file is
 * written to a temporary name in its own directory, forced to disk, then renamed over the target
 * in one atomic step, so a crash leaves either the old file or the new one, never a partial one.
 * Temporary files ({@code .tmp-*}) and directories being deleted ({@code .deleted-*}) that a crash
 * left behind are removed when the state is loaded.
 */
public final class StateFiles {

    private static final String TEMP_PREFIX = ".tmp-";
    private static final String DELETED_PREFIX = ".deleted-";

    private StateFiles() {
    }

    /**
     * Creates (if needed) and checks one service's directory under the state directory.
     *
     * @throws UncheckedIOException naming the directory when it cannot be used
     */
    public static Path directory(Path stateDir, String service) {
        Path dir = stateDir.resolve(service);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + stateDir + " as the simulator's state directory: "
                    + (e instanceof java.nio.file.FileAlreadyExistsException ? e.getMessage() + " is not a directory"
                    : e.toString()), e);
        }
        if (!Files.isWritable(dir)) {
            String message = "cannot use " + stateDir + " as the simulator's state directory: " + dir + " is not writable";
            throw new UncheckedIOException(message, new IOException(message));
        }
        return dir;
    }

    /** Replaces {@code target} with {@code content} atomically. */
    public static void write(Path target, byte[]... content) {
        Path dir = target.getParent();
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (byte[] part : content) {
                    ByteBuffer buf = ByteBuffer.wrap(part);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the state directory's file system cannot rename atomically: " + dir, e);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The temporary file is removed at the next load anyway.
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a directory tree: first renamed to a {@code .deleted-*} name (atomic, so a crash
     * never leaves a half-deleted table or bucket under its own name), then removed.
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = dir.resolveSibling(DELETED_PREFIX + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            removeRecursively(doomed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** True for names this class uses for work in progress, which loaders skip. */
    public static boolean isLeftover(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(TEMP_PREFIX) || name.startsWith(DELETED_PREFIX);
    }

    /** Removes what an interrupted write or delete left in {@code dir} (not recursive into live entries). */
    public static void removeLeftovers(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (isLeftover(p)) {
                    removeRecursively(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void removeRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
