package dev.atelier.plugin.cnc.internal;

import com.fazecast.jSerialComm.SerialPort;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A serial port opened with jSerialComm: 8N1, no flow control, reads that wait at most 100 ms. */
final class SerialLink implements Closeable {
    final SerialPort port;
    final InputStream in;
    final OutputStream out;

    private SerialLink(SerialPort port) {
        this.port = port;
        this.in = port.getInputStream();
        this.out = port.getOutputStream();
    }

    /** Opens a port by its system path (/dev/ttyACM0, or a pseudo-terminal's link) or its Windows name (COM3). */
    static SerialLink open(String path, int baud) throws IOException {
        // a device file can be checked first for a plainer message; a Windows name (COM3) is no file
        if (path.contains("/") && !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
            throw new IOException("cannot open serial port " + path + ": there is no such device; is the machine plugged in? cnc:ports lists the ports");
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path);
        } catch (com.fazecast.jSerialComm.SerialPortInvalidPortException e) {
            throw new IOException("cannot open serial port " + path + ": " + e.getMessage(), e);
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        if (!p.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + p.getLastErrorCode() + "): is it there, and may this user "
                    + "open it (group dialout)? cnc:ports lists the ports");
        }
        return new SerialLink(p);
    }

    @Override public void close() {
        port.closePort();
    }
}
