package dev.atelier.spark;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Writes each (relative path, bytes) record as one file, under the task attempt's folder of Hadoop's
 * {@link FileOutputCommitter}: nothing reaches OUTPUT until the task commits (a rename), and Spark's commit
 * coordinator lets one attempt of each task commit, so retried and speculative attempts leave no duplicate
 * and a killed one no partial file. OUTPUT may already exist (a rerun replaces the files it writes again).
 */
public final class OutputFiles extends FileOutputFormat<String, byte[]> {

    @Override public RecordWriter<String, byte[]> getRecordWriter(TaskAttemptContext context) throws IOException {
        Path work = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
        FileSystem fs = work.getFileSystem(context.getConfiguration());
        return new RecordWriter<>() {
            @Override public void write(String relative, byte[] bytes) throws IOException {
                Path target = new Path(work, relative);
                try (FSDataOutputStream out = fs.create(target, false)) {
                    out.write(bytes);
                }
            }

            @Override public void close(TaskAttemptContext c) { }
        };
    }

    @Override public void checkOutputSpecs(JobContext job) throws IOException {
        Path out = getOutputPath(job);
        if (out == null) throw new IOException("no output folder given");
        FileSystem fs = out.getFileSystem(job.getConfiguration());
        if (fs.exists(out) && !fs.getFileStatus(out).isDirectory()) throw new IOException("OUTPUT " + out + " is a file; name a folder");
    }
}
