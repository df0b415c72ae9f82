package dev.factorgate.support;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;

/** Reads a QR code from PNG bytes with zxing, as a phone camera would. */
public final class QrDecode {

  private QrDecode() {}

  public static String text(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
      return new MultiFormatReader()
          .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), px))))
          .getText();
    } catch (Exception e) {
      throw new IllegalStateException("no QR code in the image", e);
    }
  }
}
