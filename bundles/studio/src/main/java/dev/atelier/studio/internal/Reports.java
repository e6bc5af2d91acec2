package dev.atelier.studio.internal;

import dev.atelier.core.DescriptorException;
import dev.atelier.core.PipelineRegistry;
import dev.atelier.core.ResolvedPipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The text reports a chain's last filter declares it attaches ({@code FilterProperties.attachments}: a mosaic's
 * bill of materials), each written by a file output the Studio adds to the chain: for previews and full-size runs
 * alike, without knowing the filter.
 */
final class Reports {
    /** @param files each report's name and the path its output writes */
    record Chain(ResolvedPipeline pipeline, Map<String, String> files) { }

    private Reports() { }

    /**
     * @param outputs the chain's own outputs (" ! file path=...")
     * @param pathFor a report's file name ("mosaic.bom.txt") to the path its output writes
     */
    static Chain resolve(PipelineRegistry registry, String chain, String outputs, UnaryOperator<String> pathFor) throws DescriptorException {
        ResolvedPipeline plain = registry.chain(chain + outputs);
        if (plain.steps().isEmpty()) return new Chain(plain, Map.of());
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder more = new StringBuilder();
        for (String name : plain.steps().get(plain.steps().size() - 1).element().attachments()) {
            String path = pathFor.apply(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt");
            files.put(name, path);
            more.append(" ! file attachment=").append(name).append(" path=\"").append(path).append("\" overwrite=true");
        }
        return files.isEmpty() ? new Chain(plain, files) : new Chain(registry.chain(chain + outputs + more), files);
    }
}
