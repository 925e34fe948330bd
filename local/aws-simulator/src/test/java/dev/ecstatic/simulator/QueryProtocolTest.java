package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The AWS Query protocol as a hand-written client sees it: which service answers (the SigV4 credential
 * scope, else the Version), the XML envelopes, and each service's own error shape.
 */
class QueryProtocolTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static AwsSimulator sim;

    @BeforeAll
    static void start() {
        sim = Sim.start(Sim.asgFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    /** A form POST to {@code /}, signed (a SigV4 Authorization header with that scope) when {@code scope} is set. */
    private static HttpResponse<String> post(String scope, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (scope != null) {
            b.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/" + scope
                    + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Element xml(HttpResponse<String> r) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        return d.getDocumentElement();
    }

    private static String text(Element e, String name) {
        return e.getElementsByTagName(name).item(0).getTextContent();
    }

    @Test
    void unsignedRequests_goByTheirVersion() throws Exception {
        HttpResponse<String> images = post(null, "Action=DescribeImages&Version=2016-11-15&ImageId.1=ami-0b0132");
        assertThat(images.statusCode()).isEqualTo(200);
        assertThat(images.headers().firstValue("Content-Type")).hasValue("text/xml;charset=UTF-8");
        Element root = xml(images);
        assertThat(root.getLocalName()).isEqualTo("DescribeImagesResponse");
        assertThat(root.getNamespaceURI()).isEqualTo("http://ec2.amazonaws.com/doc/2016-11-15/");
        assertThat(text(root, "requestId")).isEqualTo(images.headers().firstValue("x-amzn-RequestId").orElseThrow());
        assertThat(text(root, "name")).isEqualTo("bottlerocket-aws-ecs-2-x86_64-v1.32.0-cacc4ce9");

        HttpResponse<String> groups = post(null, "Action=DescribeAutoScalingGroups&Version=2011-01-01"
                + "&AutoScalingGroupNames.member.1=web-asg");
        Element asg = xml(groups);
        assertThat(asg.getLocalName()).isEqualTo("DescribeAutoScalingGroupsResponse");
        assertThat(asg.getNamespaceURI()).isEqualTo("http://autoscaling.amazonaws.com/doc/2011-01-01/");
        assertThat(asg.getElementsByTagName("DescribeAutoScalingGroupsResult").getLength()).isEqualTo(1);
        assertThat(text(asg, "RequestId")).matches("[0-9a-f-]{36}");
        assertThat(text(asg, "AutoScalingGroupName")).isEqualTo("web-asg");
    }

    @Test
    void theCredentialScope_decidesTheService_whateverTheVersionSays() throws Exception {
        // EC2 once had an API version 2011-01-01: a request signed for ec2 is EC2's, whose error shape answers.
        HttpResponse<String> ec2 = post("ec2", "Action=DescribeAutoScalingGroups&Version=2011-01-01");
        assertThat(ec2.statusCode()).isEqualTo(400);
        Element e = xml(ec2);
        assertThat(e.getLocalName()).isEqualTo("Response");
        assertThat(text(e, "Code")).isEqualTo("NoSuchVersion");
        assertThat(e.getElementsByTagName("RequestID").getLength()).isEqualTo(1);

        HttpResponse<String> asg = post("autoscaling", "Action=DescribeImages&Version=2016-11-15");
        Element a = xml(asg);
        assertThat(a.getLocalName()).isEqualTo("ErrorResponse");
        assertThat(text(a, "Type")).isEqualTo("Sender");
        assertThat(text(a, "Code")).isEqualTo("NoSuchVersion");

        assertThat(text(xml(post("iam", "Action=ListRoles&Version=2010-05-08")), "Code")).isEqualTo("InvalidAction");
        assertThat(xml(post("sts", "Action=GetCallerIdentity&Version=2011-06-15")).getLocalName())
                .isEqualTo("GetCallerIdentityResponse");
        Element sts = xml(post("sts", "Action=AssumeRole&Version=2016-11-15"));
        assertThat(sts.getLocalName()).isEqualTo("ErrorResponse");
        assertThat(sts.getNamespaceURI()).isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
        assertThat(text(sts, "Code")).isEqualTo("NoSuchVersion");
        assertThat(text(xml(post("sts", "Action=GetSessionToken&Version=2011-06-15")), "Code")).isEqualTo("InvalidAction");
        assertThat(text(xml(post("sts", "Version=2011-06-15")), "Code")).isEqualTo("MissingAction");
    }

    @Test
    void missingOrUnknownActionsAndVersions_areAnsweredInTheServicesOwnShape() throws Exception {
        assertThat(text(xml(post("ec2", "Version=2016-11-15")), "Code")).isEqualTo("MissingAction");
        assertThat(text(xml(post("ec2", "Action=DescribeImages")), "Code")).isEqualTo("MissingParameter");
        assertThat(text(xml(post("ec2", "Action=RunInstances&Version=2016-11-15")), "Code")).isEqualTo("InvalidAction");
        Element asg = xml(post("autoscaling", "Action=CreateAutoScalingGroup&Version=2011-01-01"));
        assertThat(asg.getLocalName()).isEqualTo("ErrorResponse");
        assertThat(text(asg, "Code")).isEqualTo("InvalidAction");

        HttpResponse<String> notFound = post("ec2", "Action=DescribeInstances&Version=2016-11-15"
                + "&InstanceId.1=i-0123456789abcdef0");
        assertThat(notFound.statusCode()).isEqualTo(400);
        assertThat(text(xml(notFound), "Message")).isEqualTo("The instance ID 'i-0123456789abcdef0' does not exist");
    }

    @Test
    void callsAreCountedByAction() throws Exception {
        sim.resetCounters();
        post("ec2", "Action=DescribeLaunchTemplateVersions&Version=2016-11-15&LaunchTemplateName=web");
        post("autoscaling", "Action=DescribeScalingActivities&Version=2011-01-01");
        post("autoscaling", "Action=DescribeScalingActivities&Version=2011-01-01");
        assertThat(sim.callsByAction()).containsEntry("DescribeLaunchTemplateVersions", 1L)
                .containsEntry("DescribeScalingActivities", 2L);
    }

    @Test
    void aFormPostSignedForS3_isS3s() throws Exception {
        HttpResponse<String> r = post("s3", "Action=DescribeImages&Version=2016-11-15");
        assertThat(r.body()).doesNotContain("DescribeImagesResponse").contains("<Error>");
    }

    @Test
    void serverErrors_areInjectedInEachServicesShape() throws Exception {
        Fleet failing = Fleet.parse(Sim.resource("asg-fleet.json").replace("\"faults\": { \"throttle\": false }",
                "\"faults\": { \"throttle\": false, \"serverErrorRate\": 1.0 }"), "failing.json");
        try (AwsSimulator s = Sim.start(failing, MutableClock.at("2026-01-01T00:00:00Z"))) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.endpoint() + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded");
            HttpResponse<String> ec2 = HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(
                    "Action=DescribeImages&Version=2016-11-15")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ec2.statusCode()).isEqualTo(500);
            assertThat(text(xml(ec2), "Code")).isEqualTo("InternalError");
            HttpResponse<String> asg = HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(
                    "Action=DescribeAutoScalingGroups&Version=2011-01-01")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(asg.statusCode()).isEqualTo(500);
            assertThat(text(xml(asg), "Type")).isEqualTo("Receiver");
            assertThat(text(xml(asg), "Code")).isEqualTo("InternalFailure");
        }
    }
}
