package dev.atelier.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * INPUT as the plain host reads its inputs, on any Hadoop file system: a folder gives the images it holds (not
 * recursively), a glob the images it matches, a file itself. Listed on the driver, so a wrong INPUT is refused
 * before any task starts.
 */
final class Inputs {
    private Inputs() { }

    /**
     * @param spec one URI, folder or glob, or several separated by commas
     * @return the inputs' fully qualified URIs, sorted
     * @throws IllegalArgumentException when a part matches nothing, holds no image, or two inputs share a file name
     */
    static List<String> list(String spec, Configuration conf, List<String> extensions) throws IOException {
        List<String> files = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) continue;
            Path p = new Path(part.trim());
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            if (matched == null || matched.length == 0) {
                throw new IllegalArgumentException("INPUT " + part + " does not exist" + (isGlob(part) ? " (the pattern matches nothing)" : ""));
            }
            List<String> found = new ArrayList<>();
            for (FileStatus s : matched) {
                if (s.isDirectory()) {
                    for (FileStatus f : fs.listStatus(s.getPath())) {
                        if (f.isFile() && isImage(f.getPath().getName(), extensions)) found.add(f.getPath().toString());
                    }
                } else if (!isGlob(part) || isImage(s.getPath().getName(), extensions)) {
                    found.add(s.getPath().toString());
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("INPUT " + part + " holds no image (" + String.join(", ", extensions) + ")");
            }
            files.addAll(found);
        }
        files = new ArrayList<>(new java.util.TreeSet<>(files));
        // outputs are named after their input's file name: two inputs of one name would write the same files
        Map<String, String> byName = new HashMap<>();
        for (String f : files) {
            String name = new Path(f).getName();
            String other = byName.putIfAbsent(name, f);
            if (other != null) {
                throw new IllegalArgumentException("inputs " + other + " and " + f + " have the same file name, so their outputs would be "
                        + "written to the same files; rename one, or run the folders separately");
            }
        }
        return files;
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    static boolean isImage(String name, List<String> extensions) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && extensions.contains(n.substring(dot + 1));
    }
}
