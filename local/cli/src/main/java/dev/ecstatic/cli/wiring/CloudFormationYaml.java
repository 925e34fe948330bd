package dev.ecstatic.cli.wiring;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a CloudFormation/SAM template, turning the short-form intrinsic tags into their long forms
 * ({@code !Ref X} → {@code {"Ref": "X"}}, {@code !GetAtt A.B} → {@code {"Fn::GetAtt": ["A", "B"]}},
 * {@code !Sub s} → {@code {"Fn::Sub": s}}, ...), as CloudFormation itself does.
 * See https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
public final class CloudFormationYaml {

    private CloudFormationYaml() {}

    public static Object parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicConstructor(options)).load(yaml);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value = switch (node) {
                        case ScalarNode scalar -> constructScalar(scalar);
                        case SequenceNode sequence -> constructSequence(sequence);
                        case MappingNode mapping -> constructMapping(mapping);
                        default -> throw new IllegalStateException("unexpected YAML node " + node.getNodeId());
                    };
                    if (tag.equals("Ref") || tag.equals("Condition")) {
                        return Map.of(tag, value);
                    }
                    if (tag.equals("GetAtt") && value instanceof String dotted) {
                        int dot = dotted.indexOf('.');
                        return Map.of("Fn::GetAtt", java.util.List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                    }
                    return Map.of("Fn::" + tag, value);
                }
            });
        }
    }
}
