package dev.mikrodb;

/**
 * An index as it stands: its definition, how many entries it holds (an item whose indexed path is an array
 * contributes one per element), and whether some item's indexed path was an array (a multikey index).
 */
public record IndexInfo(IndexSpec spec, long entries, boolean multikey) {
}
