package dev.nnet.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DimTest {
    private static final Dim N = Dim.sym("N");
    private static final Dim H = Dim.sym("H");

    @Test
    void constantsFoldAndCompareByValue() {
        assertEquals(Dim.of(400), Dim.of(16).times(Dim.of(5)).times(Dim.of(5)));
        assertEquals("400", Dim.of(400).toString());
        assertTrue(Dim.of(7).isConstant());
    }

    @Test
    void polynomialsHaveOneCanonicalForm() {
        assertEquals(H, H.times(2).minus(H));
        assertEquals(N.times(H), H.times(N));
        assertEquals("784*N", N.times(784).toString());
        assertEquals("H-4", H.plus(-4).toString());
        assertEquals("2*H*N+N", N.times(H).times(2).plus(N).toString());
        assertEquals("0", N.minus(N).toString());
    }

    @Test
    void inexactDivisionBecomesAnAtomThatSubstitutes() {
        Dim pooled = H.plus(-4).floorDiv(2).plus(1);
        assertEquals("(H-4)/2+1", pooled.toString());
        assertEquals(Set.of("H"), pooled.symbols());
        assertEquals(Dim.of(13), pooled.substitute(Map.of("H", Dim.of(28))));
        assertEquals(Dim.of(3), Dim.of(7).floorDiv(2));
    }

    @Test
    void exactDivisionBySymbolsAndConstants() {
        assertEquals(N, N.times(784).exactDiv(Dim.of(784)).orElseThrow());
        assertEquals(Dim.of(784), N.times(784).exactDiv(N).orElseThrow());
        assertFalse(N.times(320).exactDiv(Dim.of(300)).isPresent());
        assertFalse(N.plus(1).exactDiv(N).isPresent());
    }

    @Test
    void symbolsAreRecognised() {
        assertTrue(N.isSymbol());
        assertFalse(N.times(2).isSymbol());
        assertFalse(Dim.of(3).isSymbol());
        assertEquals(Dim.of(64), N.substitute(Map.of("N", Dim.of(64))));
    }
}
