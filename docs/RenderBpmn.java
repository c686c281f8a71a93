import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Draws a BPMN file's diagram (its BPMN-DI shapes and edges) as a plain SVG for the README, so the picture is made
 * from the model itself. Run after changing the model:
 *   java docs/RenderBpmn.java bpmn/password-reset.bpmn docs/password-reset.svg
 */
public class RenderBpmn {

    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
    private static final String DI = "http://www.omg.org/spec/DD/20100524/DI";

    public static void main(String[] args) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(Path.of(args[0]).toFile());

        Map<String, Element> elements = new HashMap<>();
        NodeList all = doc.getElementsByTagNameNS(BPMN, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                elements.put(e.getAttribute("id"), e);
            }
        }

        StringBuilder body = new StringBuilder();
        double maxX = 0;
        double maxY = 0;
        NodeList edges = doc.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
        for (int i = 0; i < edges.getLength(); i++) {
            Element edge = (Element) edges.item(i);
            NodeList points = edge.getElementsByTagNameNS(DI, "waypoint");
            StringBuilder path = new StringBuilder();
            for (int p = 0; p < points.getLength(); p++) {
                Element point = (Element) points.item(p);
                path.append(p == 0 ? "M" : " L").append(point.getAttribute("x")).append(' ').append(point.getAttribute("y"));
            }
            body.append("<path d=\"").append(path).append("\" class=\"flow\" marker-end=\"url(#arrow)\"/>\n");
            Element flow = elements.get(edge.getAttribute("bpmnElement"));
            if (flow != null && !flow.getAttribute("name").isEmpty() && label(edge) != null) {
                body.append(labelText(label(edge), flow.getAttribute("name")));
            } else if (flow != null && !flow.getAttribute("name").isEmpty() && points.getLength() > 0) {
                Element first = (Element) points.item(0);
                body.append(text(num(first, "x") + 6, num(first, "y") + 14, flow.getAttribute("name"), "start"));
            }
        }
        NodeList shapes = doc.getElementsByTagNameNS(BPMNDI, "BPMNShape");
        for (int i = 0; i < shapes.getLength(); i++) {
            Element shape = (Element) shapes.item(i);
            Element element = elements.get(shape.getAttribute("bpmnElement"));
            Element bounds = (Element) shape.getElementsByTagNameNS(DC, "Bounds").item(0);
            double x = num(bounds, "x"), y = num(bounds, "y"), w = num(bounds, "width"), h = num(bounds, "height");
            maxX = Math.max(maxX, x + w);
            maxY = Math.max(maxY, y + h);
            String kind = element.getLocalName();
            String name = element.getAttribute("name");
            // An expanded sub-process is a large rounded box, named at its top left, drawn before what it holds
            // (its shape comes first in the model's DI); a multi-instance one carries the three bars of "each
            // in parallel" at its bottom.
            if ("subProcess".equals(kind)) {
                body.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" rx=\"10\" class=\"subprocess\"/>%n",
                        x, y, w, h));
                body.append(text(x + 10, y + 18, name, "start"));
                if (element.getElementsByTagNameNS(BPMN, "multiInstanceLoopCharacteristics").getLength() > 0) {
                    for (int bar = -1; bar <= 1; bar++) {
                        body.append(String.format(Locale.ROOT, "<path d=\"M%.0f %.0f L%.0f %.0f\" class=\"marker\"/>%n",
                                x + w / 2 + bar * 5, y + h - 16, x + w / 2 + bar * 5, y + h - 4));
                    }
                }
            // A call activity is a task with a thick border, as BPMN draws it.
            } else if (kind.endsWith("Task") || "callActivity".equals(kind)) {
                body.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" rx=\"10\" class=\"task%s\"/>%n",
                        x, y, w, h, "userTask".equals(kind) || "receiveTask".equals(kind) ? " user"
                                : "callActivity".equals(kind) ? " call" : ""));
                String[] words = wrap(name, 14);
                for (int line = 0; line < words.length; line++) {
                    body.append(text(x + w / 2, y + h / 2 + 4 + (line - (words.length - 1) / 2.0) * 14, words[line], "middle"));
                }
            } else if (kind.endsWith("Gateway")) {
                body.append(String.format(Locale.ROOT, "<path d=\"M%.0f %.0f L%.0f %.0f L%.0f %.0f L%.0f %.0f Z\" class=\"gateway\"/>%n",
                        x + w / 2, y, x + w, y + h / 2, x + w / 2, y + h, x, y + h / 2));
                body.append(label(shape) != null ? labelText(label(shape), name) : text(x + w / 2, y - 6, name, "middle"));
            } else {
                String css = kind.equals("endEvent") ? "event end" : kind.equals("boundaryEvent") ? "event boundary" : "event";
                body.append(String.format(Locale.ROOT, "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"%.0f\" class=\"%s\"/>%n",
                        x + w / 2, y + h / 2, w / 2, css));
                double labelY = kind.equals("boundaryEvent") ? y - 4 : y + h + 14;
                body.append(label(shape) != null ? labelText(label(shape), name) : text(x + w / 2, labelY, name, "middle"));
            }
        }
        String svg = String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="100 0 %.0f %.0f" width="%.0f" height="%.0f">
                <style>
                  .task { fill: #fff; stroke: #2457d6; stroke-width: 2; } .task.user { fill: #eef3ff; } .task.call { stroke-width: 4; }
                  .subprocess { fill: none; stroke: #2457d6; stroke-width: 1.5; } .marker { stroke: #2457d6; stroke-width: 2; }
                  .gateway { fill: #fff8e1; stroke: #b07d00; stroke-width: 2; }
                  .event { fill: #fff; stroke: #2e7d32; stroke-width: 2; } .event.end { stroke: #b3261e; stroke-width: 4; }
                  .event.boundary { stroke: #6a1b9a; stroke-dasharray: 3 2; }
                  .flow { fill: none; stroke: #555; stroke-width: 1.5; }
                  text { font: 12px sans-serif; fill: #1d2330; }
                </style>
                <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto">
                  <path d="M0 0 L10 5 L0 10 Z" fill="#555"/></marker></defs>
                <rect x="100" y="0" width="100%%" height="100%%" fill="#fff"/>
                %s</svg>
                """, maxX - 40, maxY + 40, maxX - 40, maxY + 40, body);
        Files.writeString(Path.of(args[1]), svg);
    }

    /** Where the model puts an element's label (BPMN-DI BPMNLabel bounds), as Camunda Modeler shows it; or null. */
    private static Element label(Element diElement) {
        NodeList labels = diElement.getElementsByTagNameNS(BPMNDI, "BPMNLabel");
        return labels.getLength() == 0 ? null
                : (Element) ((Element) labels.item(0)).getElementsByTagNameNS(DC, "Bounds").item(0);
    }

    /** A label wrapped to its bounds' width and centred in them, as the modeler draws it. */
    private static String labelText(Element bounds, String name) {
        double x = num(bounds, "x"), y = num(bounds, "y"), w = num(bounds, "width"), h = num(bounds, "height");
        String[] lines = wrap(name, Math.max(6, (int) (w / 6.2)));
        StringBuilder text = new StringBuilder();
        double top = y + h / 2 - (lines.length - 1) * 7 + 4;
        for (int line = 0; line < lines.length; line++) {
            text.append(text(x + w / 2, top + line * 14, lines[line], "middle"));
        }
        return text.toString();
    }

    private static double num(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    private static String text(double x, double y, String value, String anchor) {
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escaped);
    }

    private static String[] wrap(String name, int width) {
        StringBuilder lines = new StringBuilder();
        int length = 0;
        for (String word : name.split(" ")) {
            if (length > 0 && length + word.length() + 1 > width) {
                lines.append('\n');
                length = 0;
            } else if (length > 0) {
                lines.append(' ');
                length++;
            }
            lines.append(word);
            length += word.length();
        }
        return lines.toString().split("\n");
    }
}
