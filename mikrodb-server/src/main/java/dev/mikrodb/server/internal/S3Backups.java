package dev.mikrodb.server.internal;

import dev.mikrodb.StorageException;
import dev.mikrodb.config.S3Target;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups copied to an S3-compatible object store (docs/operations.md): uploaded after each backup, listed beside
 * the local ones, downloaded (to a {@code .partial} name, then renamed) when a restore or verify names one that is
 * not local, deleted by retention. Object keys are the configured prefix plus the backup's file name.
 */
public final class S3Backups implements AutoCloseable {
    /** A backup object: its file name (the key without the prefix), size and upload time (epoch milliseconds). */
    public record Remote(String filename, long sizeBytes, long lastModified) {
    }

    private final S3Client s3;
    private final S3Target target;

    public S3Backups(S3Target target) {
        this.target = target;
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(target.region()));
        if (target.endpoint() != null) {
            // S3-compatible stores often lack the SDK's newer default checksums (aws-chunked trailers): send and
            // check them only where the S3 API requires them
            b.endpointOverride(URI.create(target.endpoint())).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        b.credentialsProvider(target.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(target.accessKeyId(),
                target.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build());
        this.s3 = b.build();
    }

    public void upload(Path file) {
        try {
            s3.putObject(r -> r.bucket(target.bucket()).key(key(file.getFileName().toString())),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new StorageException("could not copy backup " + file.getFileName() + " to s3://" + target.bucket()
                    + "/" + key(file.getFileName().toString()) + ": " + e.getMessage(), e);
        }
    }

    /** The backups in the bucket under the prefix, oldest first. */
    public List<Remote> list() {
        List<Remote> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(target.bucket()).prefix(target.prefix()))
                    .contents()) {
                String name = o.key().substring(target.prefix().length());
                if (name.endsWith(".zip") && !name.contains("/")) {
                    out.add(new Remote(name, o.size(), o.lastModified().toEpochMilli()));
                }
            }
        } catch (SdkException e) {
            throw new StorageException("could not list s3://" + target.bucket() + "/" + target.prefix() + ": "
                    + e.getMessage(), e);
        }
        out.sort(Comparator.comparingLong(Remote::lastModified).thenComparing(Remote::filename));
        return out;
    }

    /** Downloads a backup into {@code file}; false when the bucket has no such backup. */
    public boolean download(String filename, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            s3.getObject(r -> r.bucket(target.bucket()).key(key(filename)), partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException | java.io.IOException e) {
            throw new StorageException("could not fetch backup " + filename + " from s3://" + target.bucket() + ": "
                    + e.getMessage(), e);
        }
    }

    public void delete(String filename) {
        try {
            s3.deleteObject(r -> r.bucket(target.bucket()).key(key(filename)));
        } catch (SdkException e) {
            throw new StorageException("could not delete s3://" + target.bucket() + "/" + key(filename) + ": "
                    + e.getMessage(), e);
        }
    }

    private String key(String filename) {
        return target.prefix() + filename;
    }

    @Override
    public void close() {
        s3.close();
    }
}
