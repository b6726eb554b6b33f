package dev.mikrodb.config;

/**
 * Where backups are copied in an S3-compatible object store (docs/operations.md). Without keys, the AWS SDK's
 * default credentials apply (the standard {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} environment,
 * profiles, instance roles).
 *
 * @param endpoint null for AWS itself; an URL for another S3-compatible store (path-style addressing then)
 * @param prefix prepended to each backup's file name to make its object key (may be empty)
 */
public record S3Target(String bucket, String region, String endpoint, String prefix, String accessKeyId,
                       String secretAccessKey) {
    public S3Target {
        if (bucket == null || bucket.isBlank()) {
            throw new ConfigurationException("backup.s3.bucket is empty");
        }
        if (endpoint != null && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            throw new ConfigurationException("backup.s3.endpoint must be an http:// or https:// URL; got " + endpoint);
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new ConfigurationException("give both backup.s3.access_key_id and backup.s3.secret_access_key, or "
                    + "neither (to use the standard AWS credentials)");
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        prefix = prefix == null ? "" : prefix;
    }

    @Override
    public String toString() {
        return "S3Target{bucket=" + bucket + ", region=" + region + ", endpoint=" + endpoint + ", prefix=" + prefix
                + ", keys=" + (accessKeyId == null ? "default" : "set") + "}";
    }
}
