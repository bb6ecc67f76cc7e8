package dev.nnet.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the jar tells Maven and Eclipse m2e about the goals. */
class PluginMetadataTest {
    private static Document read(String resource) throws Exception {
        try (InputStream in = PluginMetadataTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static String child(Element e, String name) {
        return e.getElementsByTagName(name).item(0).getTextContent();
    }

    @Test
    void goalsBindToTheirPhasesAndAreThreadSafe() throws Exception {
        NodeList mojos = read("/META-INF/maven/plugin.xml").getElementsByTagName("mojo");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            seen.add(child(mojo, "goal") + " " + child(mojo, "phase") + " " + child(mojo, "threadSafe"));
        }
        assertEquals(List.of("check validate true", "generate generate-sources true",
                "generate-test generate-test-sources true"), seen.stream().sorted().toList());
    }

    @Test
    void m2eRunsEveryGoalOnIncrementalBuilds() throws Exception {
        Document m2e = read("/META-INF/m2e/lifecycle-mapping-metadata.xml");
        NodeList goals = m2e.getElementsByTagName("goal");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < goals.getLength(); i++) {
            names.add(goals.item(i).getTextContent());
        }
        assertEquals(List.of("generate", "generate-test", "check"), names);
        assertEquals("true", m2e.getElementsByTagName("runOnIncremental").item(0).getTextContent());
    }
}
