package dev.ecstatic.simulator.dynamodb;

import java.math.BigDecimal;
import java.math.MathContext;

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
    private static final MathContext ARITHMETIC = new MathContext(MAX_DIGITS + 2);

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
        BigDecimal n = value.stripTrailingZeros();
        if (n.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // The exponent of the most significant digit: 1E-130 has -130, 9.9E125 has 125.
        int exponent = n.precision() - n.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (n.precision() > MAX_DIGITS) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        return n;
    }

    /** The wire form DynamoDB returns: plain decimal notation, no trailing zeroes. */
    static String format(BigDecimal normalised) {
        return normalised.toPlainString();
    }

    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return check(a.add(b, ARITHMETIC));
    }

    static BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return check(a.subtract(b, ARITHMETIC));
    }

    /** Bytes DynamoDB counts for a number: about one per two significant digits, plus one. */
    static int size(BigDecimal normalised) {
        return (normalised.precision() + 1) / 2 + 1;
    }
}
