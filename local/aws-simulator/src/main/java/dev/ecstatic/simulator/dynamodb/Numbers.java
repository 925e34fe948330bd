package dev.ecstatic.simulator.dynamodb;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules, from "Supported data types and naming rules in Amazon DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes):
 * up to 38 significant digits; positive range 1E-130 to 9.9999999999999999999999999999999999999E+125
 * (negative likewise); leading and trailing zeroes are trimmed. Numbers travel as strings and come
 * back normalised: "1.50" is returned as "1.5", "1e2" as "100", "-0" as "0".
 */
final class Numbers {

    static final int MAX_DIGITS = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;
    private static final String OVERFLOW =
            "Number overflow. Attempting to store a number with magnitude larger than supported range";

    private Numbers() {
    }

    /**
     * Parses and validates the text of an N value.
     *
     * @throws DynamoDbException ValidationException with DynamoDB's wording
     */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            throw DynamoDbException.validation("The parameter cannot be converted to a numeric value");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(value);
    }

    /** Validates a number (parsed or computed) and returns its normal form. */
    static BigDecimal check(BigDecimal value) {
        BigDecimal n = inRange(value);
        if (n.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return n;
    }

    /** The normal form of a value whose magnitude DynamoDB can store; its digits are not checked. */
    private static BigDecimal inRange(BigDecimal value) {
        BigDecimal n = value.stripTrailingZeros();
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // The exponent of the most significant digit: 1E-130 has -130, 9.9E125 has 125.
        int exponent = n.precision() - n.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoDbException.validation(OVERFLOW);
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return n;
    }

    /** The wire form DynamoDB returns: plain decimal notation, no trailing zeroes. */
    static String format(BigDecimal normalised) {
        return normalised.toPlainString();
    }

    /** {@code a + b} for SET's {@code +} and ADD, exactly, or refused as DynamoDB refuses it (see {@link #result}). */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return result(a.add(b));
    }

    /** {@code a - b} for SET's {@code -}, exactly, or refused as DynamoDB refuses it (see {@link #result}). */
    static BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return result(a.subtract(b));
    }

    /**
     * The exact result of an addition or subtraction, never rounded: one that would need more than 38
     * significant digits (1E+20 + 1E-20) is refused like one out of range. DynamoDB answers it with
     * its overflow message, "Number overflow. Attempting to store a number with magnitude larger than
     * supported range", not with the 38-digit message a PutItem of the same number gets: the Number
     * type is documented with "up to 38 digits of precision" (data types page above), and the wording
     * was observed against DynamoDB by ScyllaDB's Alternator tests
     * (scylladb/scylladb, test/alternator/test_number.py, test_update_expression_plus_imprecise:
     * 1e50 + 1 and 1e50 - 1).
     */
    private static BigDecimal result(BigDecimal exact) {
        BigDecimal n = inRange(exact);
        if (n.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation(OVERFLOW);
        }
        return n;
    }

    /** Bytes DynamoDB counts for a number: about one per two significant digits, plus one. */
    static int size(BigDecimal normalised) {
        return (normalised.precision() + 1) / 2 + 1;
    }
}
