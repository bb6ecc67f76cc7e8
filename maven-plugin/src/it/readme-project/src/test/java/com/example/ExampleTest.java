package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the README's Java examples as they stand and checks what they print. */
class ExampleTest {
    @Test
    void theReadmeExampleTrainsSavesAndPredicts() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Example.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        stdout.print(out);
        assertTrue(out.contains("Epoch 1000/1000"), out);
        String trained = line(out, "trained: 4 -> ");
        assertEquals(8.0, Float.parseFloat(trained), 0.05);
        assertEquals(trained, line(out, "loaded:  4 -> "), "the checkpoint holds the trained weights");
    }

    @Test
    void theReadmeArraysExampleLearnsItsLine() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            FromArrays.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        stdout.print(out);
        assertEquals(16.0, Float.parseFloat(line(out, "arrays:  5 -> ")), 0.05, "3 * 5 + 1");
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
