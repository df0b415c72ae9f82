package dev.factorgate.factor.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodeTest {

    private static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void otpauthUriSurvivesPngRoundTrip() throws Exception {
        String uri = OtpauthUri.build("Example Co", "alice@example.com", SECRET, TotpParameters.DEFAULTS);

        byte[] png = QrCode.png(uri, 300);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(300);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(decode(image)).isEqualTo(uri);
    }

    @Test
    void nonLatinTextSurvivesPngRoundTrip() throws Exception {
        String text = "示例网站 – ключ";

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCode.png(text, 256)));

        assertThat(decode(image)).isEqualTo(text);
    }

    @Test
    void writesPngSignature() {
        byte[] png = QrCode.png("hello", 100);

        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void rejectsEmptyTextAndUnreasonableSizes() {
        assertThatThrownBy(() -> QrCode.png("", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCode.png("x", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCode.png("x", QrCode.MAX_SIZE_PX + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String decode(BufferedImage image) throws Exception {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
