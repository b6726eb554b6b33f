package dev.mikrodb.internal.engine;

import dev.mikrodb.KeyList;
import dev.mikrodb.ListOptions;
import dev.mikrodb.ValidationException;
import dev.mikrodb.internal.crypto.AesGcm;
import dev.mikrodb.internal.index.KeyOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Lists keys in UTF-8 order, a page at a time, as Cloudflare Workers KV does but strongly consistent: each page is
 * read from the table's ordered keys under no lock, and the cursor continues after the last key returned, so keys
 * that stay unchanged throughout a listing come exactly once. The cursor is opaque and signed (HMAC-SHA256 with a
 * random key kept in the system table {@code admin~settings}): a tampered cursor, or one from another listing, is a
 * {@link ValidationException}.
 */
final class KeyListing {
    static final String SETTINGS = Names.qualify("admin", "settings");
    private static final String CURSOR_KEY = "cursor-key";

    private final TableCache cache;
    private final Committer committer;
    private volatile byte[] macKey;

    KeyListing(TableCache cache, Committer committer) {
        this.cache = cache;
        this.committer = committer;
    }

    KeyList list(String table, ListOptions o, long now) {
        String after = o.cursor() == null ? null : decode(table, o);
        Table t = cache.find(table);
        if (t == null) {
            return new KeyList(List.of(), true, null);
        }
        NavigableSet<String> ordered = t.orderedKeys();
        Iterator<String> it = start(ordered, o, after);
        List<KeyList.Key> page = new ArrayList<>();
        String last = null;
        boolean more = false;
        while (it.hasNext()) {
            String key = it.next();
            if (!inRange(key, o)) {
                break;
            }
            Record r = t.get(key);
            if (r == null || r.isExpiredAt(now)) {
                continue;
            }
            if (page.size() == o.limit()) {
                more = true;
                break;
            }
            page.add(new KeyList.Key(key, r.version(), r.expiration()));
            last = key;
        }
        return new KeyList(page, !more, more ? encode(table, o, last) : null);
    }

    /** The keys from where the page starts, in the listing's direction. */
    private static Iterator<String> start(NavigableSet<String> keys, ListOptions o, String after) {
        if (!o.reverse()) {
            String from = lowest(o);
            if (after != null && (from == null || KeyOrder.UTF8.compare(after, from) >= 0)) {
                return keys.tailSet(after, false).iterator();
            }
            return from == null ? keys.iterator() : keys.tailSet(from, true).iterator();
        }
        if (after != null) {
            return keys.headSet(after, false).descendingIterator();
        }
        // the listing starts below the lower of the end and the prefix's end, or its first key would be one past
        // the prefix and end it at once
        String below = o.end();
        String prefixEnd = o.prefix() == null ? null : prefixEnd(o.prefix());
        if (prefixEnd != null && (below == null || KeyOrder.UTF8.compare(prefixEnd, below) < 0)) {
            below = prefixEnd;
        }
        return below == null ? keys.descendingIterator() : keys.headSet(below, false).descendingIterator();
    }

    /**
     * The least string above every string starting with {@code prefix}, in code point (UTF-8) order: the prefix with
     * its last code point below U+10FFFF raised by one (past the surrogates) and what followed it dropped; null when
     * the prefix is all U+10FFFF, which nothing sorts above.
     */
    private static String prefixEnd(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int codePoint = prefix.codePointBefore(end);
            int width = Character.charCount(codePoint);
            if (codePoint < Character.MAX_CODE_POINT) {
                int next = codePoint + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : codePoint + 1;
                return prefix.substring(0, end - width) + new String(Character.toChars(next));
            }
            end -= width;
        }
        return null;
    }

    private static String lowest(ListOptions o) {
        if (o.start() == null) {
            return o.prefix();
        }
        if (o.prefix() == null) {
            return o.start();
        }
        return KeyOrder.UTF8.compare(o.start(), o.prefix()) > 0 ? o.start() : o.prefix();
    }

    /**
     * Whether a key belongs to the listing; the iteration stops at the first one past its end. An ascending listing
     * starts at or after {@code start} (see {@link #start}), so only a descending one compares each key with it.
     */
    private static boolean inRange(String key, ListOptions o) {
        if (o.prefix() != null && !key.startsWith(o.prefix())) {
            // ascending: past the prefix; descending: keys before the prefix are all smaller
            return false;
        }
        if (o.end() != null && KeyOrder.UTF8.compare(key, o.end()) >= 0) {
            return false;
        }
        return !o.reverse() || o.start() == null || KeyOrder.UTF8.compare(key, o.start()) >= 0;
    }

    private String encode(String table, ListOptions o, String lastKey) {
        byte[] key = lastKey.getBytes(StandardCharsets.UTF_8);
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(table, o, lastKey));
    }

    /** The last key of the previous page, from a cursor that this listing signed. */
    private String decode(String table, ListOptions o) {
        String[] parts = o.cursor().split("\\.");
        try {
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException();
            }
            String lastKey = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            // compared as the whole string this listing would sign: the decoder ignores a last character's unused
            // bits, so comparing decoded bytes alone would take some altered cursors as the original
            byte[] expected = encode(table, o, lastKey).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(o.cursor().getBytes(StandardCharsets.UTF_8), expected)) {
                throw new IllegalArgumentException();
            }
            return lastKey;
        } catch (IllegalArgumentException e) {
            throw new ValidationException("cursor is not valid for this listing (tampered with, or from another "
                    + "table or listing options); start again without a cursor");
        }
    }

    private byte[] mac(String table, ListOptions o, String lastKey) {
        String bound = String.join("\u0000", table, String.valueOf(o.prefix()), String.valueOf(o.start()),
                String.valueOf(o.end()), String.valueOf(o.reverse()), lastKey);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey(), "HmacSHA256"));
            byte[] full = mac.doFinal(bound.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[16];
            System.arraycopy(full, 0, out, 0, out.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The signing key: random, made on first use and kept (durably, encrypted with the database) from then on. */
    private byte[] macKey() {
        byte[] k = macKey;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (macKey == null) {
                Table settings = cache.find(SETTINGS);
                Record stored = settings == null ? null : settings.get(CURSOR_KEY);
                if (stored != null) {
                    macKey = Base64.getDecoder().decode(dev.mikrodb.internal.json.Json.parse(stored.value())
                            .asText());
                } else {
                    byte[] fresh = AesGcm.randomBytes(32);
                    byte[] json = dev.mikrodb.internal.json.Json.toBytes(Base64.getEncoder().encodeToString(fresh));
                    committer.commit(Set.of(SETTINGS), false, batch -> batch.put(SETTINGS, CURSOR_KEY, json, 0, 0L));
                    macKey = fresh;
                }
            }
            return macKey;
        }
    }
}
