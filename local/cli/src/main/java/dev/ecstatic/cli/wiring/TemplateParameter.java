package dev.ecstatic.cli.wiring;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parameter of template.yaml with the constraints CloudFormation checks before a deploy, so
 * that {@code --parameter} values the stack would refuse are refused locally too, naming the
 * parameter. A NoEcho parameter's value is never repeated in a message.
 * See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
 */
public record TemplateParameter(String name, String type, String defaultValue, boolean noEcho,
                                List<String> allowedValues, BigDecimal minValue, BigDecimal maxValue,
                                String allowedPattern, Integer minLength, Integer maxLength,
                                String constraintDescription) {

    public TemplateParameter {
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
    }

    static TemplateParameter of(String name, Map<String, Object> p, String where) {
        Object allowed = p.get("AllowedValues");
        List<String> allowedValues = null;
        if (allowed instanceof List<?> list) {
            allowedValues = list.stream().map(String::valueOf).toList();
        } else if (allowed != null) {
            throw new WiringException(where + ".AllowedValues must be a list");
        }
        Object def = p.get("Default");
        return new TemplateParameter(name, String.valueOf(p.getOrDefault("Type", "String")),
                def == null ? "" : String.valueOf(def), Boolean.parseBoolean(String.valueOf(p.get("NoEcho"))),
                allowedValues, number(p.get("MinValue"), where + ".MinValue"), number(p.get("MaxValue"), where + ".MaxValue"),
                p.get("AllowedPattern") == null ? null : String.valueOf(p.get("AllowedPattern")),
                integer(p.get("MinLength"), where + ".MinLength"), integer(p.get("MaxLength"), where + ".MaxLength"),
                p.get("ConstraintDescription") == null ? null : String.valueOf(p.get("ConstraintDescription")));
    }

    /** What CloudFormation would say is wrong with {@code value}, or null when it is allowed. */
    public String problem(String value) {
        boolean number = type.equals("Number");
        BigDecimal n = null;
        if (number) {
            try {
                n = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                return "must be a number" + shown(value);
            }
        }
        if (allowedValues != null) {
            BigDecimal given = n;
            boolean ok = number
                    ? allowedValues.stream().anyMatch(a -> isNumber(a) && new BigDecimal(a).compareTo(given) == 0)
                    : allowedValues.contains(value);
            if (!ok) {
                return "must be one of " + String.join(", ", allowedValues) + shown(value);
            }
        }
        if (n != null && minValue != null && n.compareTo(minValue) < 0) {
            return "must be at least " + minValue.toPlainString() + shown(value);
        }
        if (n != null && maxValue != null && n.compareTo(maxValue) > 0) {
            return "must be at most " + maxValue.toPlainString() + shown(value);
        }
        if (minLength != null && value.length() < minLength) {
            return "must have at least " + minLength + " characters" + (noEcho ? "" : ", was " + value.length());
        }
        if (maxLength != null && value.length() > maxLength) {
            return "must have at most " + maxLength + " characters" + (noEcho ? "" : ", was " + value.length());
        }
        if (allowedPattern != null && !number && !matches(value)) {
            return "must match " + allowedPattern
                    + (constraintDescription == null ? "" : " (" + constraintDescription.strip().replaceAll("\\.$", "") + ")")
                    + shown(value);
        }
        return null;
    }

    private boolean matches(String value) {
        try {
            // CloudFormation matches the whole value against the pattern (Java regular expressions).
            return Pattern.compile(allowedPattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            throw new WiringException("template.yaml: Parameters." + name + ".AllowedPattern is not a regular expression: "
                    + e.getDescription());
        }
    }

    private String shown(String value) {
        return noEcho ? "" : ", was '" + value + "'";
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static BigDecimal number(Object value, String where) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new WiringException(where + " must be a number, was " + value);
        }
    }

    private static Integer integer(Object value, String where) {
        BigDecimal n = number(value, where);
        return n == null ? null : n.intValueExact();
    }
}
