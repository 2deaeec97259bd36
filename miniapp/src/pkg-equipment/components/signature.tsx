import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { SignaturePad } from '../../pkg-inspection/components/signature-pad';
import { dropPhoto, keepPhoto, photoSrc, type LocalPhoto } from '../../services/photos';
import './signature.scss';

/**
 * 借用人签字: the borrower signs on the phone's canvas (pkg-inspection's SignaturePad); the drawing is kept on the
 * phone like a photo and uploaded with the form. 重新签字 draws again.
 */
export function BorrowerSignature({
  value,
  onChange,
  disabled,
}: {
  value: LocalPhoto | null;
  onChange: (p: LocalPhoto | null) => void;
  disabled?: boolean;
}) {
  const [signing, setSigning] = useState(false);
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (value) void photoSrc(value.path).then((s) => live && setSrc(s));
    else setSrc(null);
    return () => {
      live = false;
    };
  }, [value?.path]);

  if (signing)
    return (
      <SignaturePad
        onSigned={(temp) =>
          void keepPhoto(temp).then((kept) => {
            if (value) dropPhoto(value.path);
            onChange(kept);
            setSigning(false);
          })
        }
        onCancel={() => setSigning(false)}
      />
    );
  if (value)
    return (
      <View className="eq-sign__done" data-testid="signature-done">
        {src ? <Image className="eq-sign__img" src={src} mode="aspectFit" /> : <View className="eq-sign__img" />}
        <Text className="wx-link eq-sign__redo" onClick={() => setSigning(true)}>
          重新签字
        </Text>
      </View>
    );
  return (
    <View className="eq-sign__empty" onClick={() => !disabled && setSigning(true)}>
      点此签字
    </View>
  );
}
