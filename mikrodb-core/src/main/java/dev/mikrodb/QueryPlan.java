package dev.mikrodb;

/**
 * How a query ran: the index used (null for a full scan), index entries examined, items read and tested, items
 * returned, and the time taken.
 */
public record QueryPlan(String index, long keysExamined, long itemsExamined, long returned, long micros) {
}
