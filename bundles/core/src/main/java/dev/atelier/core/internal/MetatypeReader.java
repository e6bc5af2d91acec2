package dev.atelier.core.internal;

import dev.atelier.core.ParameterInfo;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.osgi.framework.Bundle;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads the Metatype resources ({@code OSGI-INF/metatype/*.xml}, which bnd writes from a plugin's
 * {@code @ObjectClassDefinition}) and returns the parameters designated for a component.
 *
 * <p>Reading the XML ourselves, rather than through MetaTypeService, keeps min and max, which the
 * MetaTypeService API does not expose (AttributeDefinition has no getMin/getMax), and keeps the host
 * one bundle smaller.
 */
final class MetatypeReader {
    private MetatypeReader() { }

    /** Parameters of the OCD designated for {@code pid} in {@code bundle}; empty when there is none. */
    static List<ParameterInfo> parameters(Bundle bundle, String pid) throws Exception {
        Enumeration<URL> entries = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        if (entries == null) return List.of();
        Map<String, Element> ocds = new HashMap<>();
        String ocdRef = null;
        while (entries.hasMoreElements()) {
            Document doc;
            try (InputStream in = entries.nextElement().openStream()) {
                doc = builder().parse(in);
            }
            for (Element ocd : children(doc.getDocumentElement(), "OCD")) ocds.put(ocd.getAttribute("id"), ocd);
            for (Element d : children(doc.getDocumentElement(), "Designate")) {
                if (pid.equals(d.getAttribute("pid")) || pid.equals(d.getAttribute("factoryPid"))) {
                    for (Element o : children(d, "Object")) ocdRef = o.getAttribute("ocdref");
                }
            }
        }
        Element ocd = ocdRef == null ? null : ocds.get(ocdRef);
        if (ocd == null) return List.of();
        List<ParameterInfo> params = new ArrayList<>();
        for (Element ad : children(ocd, "AD")) {
            List<ParameterInfo.Option> options = new ArrayList<>();
            for (Element o : children(ad, "Option")) options.add(new ParameterInfo.Option(o.getAttribute("value"), o.getAttribute("label")));
            String card = ad.getAttribute("cardinality");
            int cardinality = card.isEmpty() ? 0 : Math.abs(Integer.parseInt(card));
            List<String> defaults = ad.hasAttribute("default") ? splitDefault(ad.getAttribute("default"), cardinality) : List.of();
            boolean required = !"false".equals(ad.getAttribute("required")) && defaults.isEmpty();
            params.add(new ParameterInfo(ad.getAttribute("id"), ad.getAttribute("name"), typeOf(ad), cardinality, defaults,
                    attr(ad, "min"), attr(ad, "max"), options, ad.getAttribute("description"), required));
        }
        return params;
    }

    private static String typeOf(Element ad) {
        String t = ad.getAttribute("type");
        return t.isEmpty() ? "String" : t;
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** Metatype defaults: a comma-separated list where '\,' is a literal comma. */
    static List<String> splitDefault(String value, int cardinality) {
        if (cardinality == 0) return List.of(value.replace("\\,", ","));
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) sb.append(value.charAt(++i));
            else if (c == ',') { out.add(sb.toString().trim()); sb.setLength(0); }
            else sb.append(c);
        }
        if (sb.length() > 0 || !out.isEmpty()) out.add(sb.toString().trim());
        return out;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element e) {
                String ln = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
                if (ln.contains(":")) ln = ln.substring(ln.indexOf(':') + 1);
                if (ln.equals(localName)) out.add(e);
            }
        }
        return out;
    }

    private static DocumentBuilder builder() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder();
    }
}
