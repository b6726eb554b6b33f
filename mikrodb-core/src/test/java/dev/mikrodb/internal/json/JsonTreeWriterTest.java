package dev.mikrodb.internal.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mikrodb.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast tree writer must write exactly what the mapper writes, or decline (return null) so the mapper writes it.
 * Random trees cover every character class a string can hold and every node type. Prints the seed on failure; rerun
 * with -Dmikrodb.test.seed=N.
 */
class JsonTreeWriterTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private Random random;
    private boolean exotic;

    @Test
    void randomTreesOfSupportedNodesAreWrittenByteForByteAsTheMapperWritesThem() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            exotic = false;
            JsonNode tree = randomNode(4);
            byte[] fast = JsonTreeWriter.write(tree);
            byte[] mapper = Json.MAPPER.writeValueAsBytes(tree);
            assertNotNull(fast, "seed " + seed + ": declined a tree of supported nodes: " + tree);
            assertArrayEquals(mapper, fast, "seed " + seed + ": " + tree);
        }
    }

    @Test
    void treesWithOtherNodesAreLeftToTheMapperAndToBytesStillMatchesIt() throws Exception {
        long seed = Long.getLong("mikrodb.test.seed", System.nanoTime());
        random = new Random(seed);
        int declined = 0;
        for (int i = 0; i < 2_000; i++) {
            exotic = true;
            JsonNode tree = randomNode(3);
            byte[] fast = JsonTreeWriter.write(tree);
            byte[] mapper;
            try {
                mapper = Json.MAPPER.writeValueAsBytes(tree);
            } catch (Exception e) {
                assertNull(fast, "seed " + seed + ": the mapper refuses " + tree + " but the fast writer wrote it");
                assertThrows(ValidationException.class, () -> Json.toBytes(tree));
                declined++;
                continue;
            }
            if (fast == null) {
                declined++;
            } else {
                assertArrayEquals(mapper, fast, "seed " + seed + ": " + tree);
            }
            assertArrayEquals(mapper, Json.toBytes(tree), "seed " + seed + ": " + tree);
        }
        assertTrue(declined > 100, "the exotic nodes were generated: " + declined);
    }

    @Test
    void edgeCases() throws Exception {
        for (String s : new String[] {"", "\u0000\u001f\u007f\"\\/\b\f\n\r\t", "\u00e9\u07ff\u0800\uffff",
            "\ud83d\ude00", "a\ud83d", "\ude00b", "\ud83d\ud83d"}) {
            same(NODES.textNode(s));
            same(NODES.objectNode().put(s, s));
        }
        for (double d : new double[] {0.0, -0.0, 1e-320, Double.MIN_VALUE, Double.MAX_VALUE, 1e21, 1e-7, 0.1,
            123456789.125, Double.NaN, Double.POSITIVE_INFINITY}) {
            same(NODES.numberNode(d));
            same(NODES.numberNode((float) d));
        }
        for (long l : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE}) {
            same(NODES.numberNode(l));
            same(NODES.numberNode((int) l));
            same(NODES.numberNode((short) l));
        }
        same(NODES.objectNode().set("empty", NODES.arrayNode()));
        ArrayNode deep = NODES.arrayNode();
        JsonNode top = deep;
        for (int i = 1; i < Json.MAX_NESTING_DEPTH; i++) {
            ArrayNode inner = NODES.arrayNode();
            deep.add(inner);
            deep = inner;
        }
        assertNotNull(JsonTreeWriter.write(top), "256 levels: the fast writer's limit, inclusive");
        same(top);
        deep.add(NODES.objectNode());
        assertNull(JsonTreeWriter.write(top), "257 levels: left to the mapper");
        same(top);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            big.append((char) ('a' + i % 26)).append('\u00e9');
        }
        same(NODES.textNode(big.toString())); // grows the buffer past what a thread keeps
        same(NODES.textNode("small after big"));
    }

    private static void same(JsonNode node) throws Exception {
        byte[] fast = JsonTreeWriter.write(node);
        byte[] mapper;
        try {
            mapper = Json.MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            assertNull(fast, "the mapper refuses " + node + " (" + e.getMessage() + ") but the fast writer wrote it");
            assertThrows(ValidationException.class, () -> Json.toBytes(node));
            return;
        }
        if (fast != null) {
            assertArrayEquals(mapper, fast, node.toString());
        }
        assertArrayEquals(mapper, Json.toBytes(node), node.toString());
    }

    private JsonNode randomNode(int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 9);
        switch (kind) {
            case 0, 1:
                return NODES.textNode(randomString());
            case 2:
                return NODES.numberNode(random.nextInt());
            case 3:
                return NODES.numberNode(random.nextLong() >> random.nextInt(64));
            case 4:
                return NODES.numberNode(randomDouble());
            case 5:
                return random.nextBoolean() ? NODES.numberNode(Math.max(-Float.MAX_VALUE,
                        Math.min(Float.MAX_VALUE, (float) randomDouble())))
                        : NODES.numberNode((short) random.nextInt());
            case 6:
                return NODES.booleanNode(random.nextBoolean());
            case 7:
                return NODES.nullNode();
            case 8:
                return exotic ? exoticNode() : NODES.textNode(randomString());
            case 9, 10: {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    o.set(randomString(), randomNode(depth - 1));
                }
                return o;
            }
            default: {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    a.add(randomNode(depth - 1));
                }
                return a;
            }
        }
    }

    private JsonNode exoticNode() {
        switch (random.nextInt(6)) {
            case 0:
                return NODES.numberNode(new BigDecimal(random.nextLong()).movePointLeft(random.nextInt(30) - 10));
            case 1:
                return NODES.numberNode(new BigInteger(100, random));
            case 2:
                return NODES.binaryNode(randomBytes());
            case 3:
                return NODES.pojoNode(java.util.Map.of("k", random.nextInt()));
            case 4:
                return NODES.textNode(random.nextBoolean() ? "x\ud800" : "\udc00y"); // unpaired surrogates
            default:
                return NODES.numberNode(random.nextBoolean() ? Double.NaN : Double.NEGATIVE_INFINITY);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(20)];
        random.nextBytes(b);
        return b;
    }

    private double randomDouble() {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(1000) / 8.0;
            case 1:
                return random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            default: {
                double d = Double.longBitsToDouble(random.nextLong());
                return Double.isFinite(d) ? d : 1.5;
            }
        }
    }

    private String randomString() {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            switch (random.nextInt(6)) {
                case 0:
                    s.append((char) random.nextInt(0x80)); // ASCII, controls and escapes included
                    break;
                case 1:
                    s.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                    break;
                case 2: {
                    char c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
                    s.append(Character.isSurrogate(c) ? 'z' : c); // three UTF-8 bytes
                    break;
                }
                case 3:
                    s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a surrogate pair, four bytes
                    break;
                default:
                    s.append((char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }
}
