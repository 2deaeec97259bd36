import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { errorMessage, toast } from '../../services/feedback';
import { dropPhoto, photoSrc, takePhotos, type LocalPhoto } from '../../services/photos';
import './photos.scss';

/** Displayable sources of kept photos (H5 keeps them in IndexedDB: resolved once per session). */
function usePhotoSrcs(paths: string[]): Record<string, string | null> {
  const [srcs, setSrcs] = useState<Record<string, string | null>>({});
  const key = paths.join('|');
  useEffect(() => {
    let live = true;
    const missing = paths.filter((p) => !(p in srcs));
    if (missing.length === 0) return;
    void Promise.all(missing.map(async (p) => [p, await photoSrc(p)] as const)).then((pairs) => {
      if (live) setSrcs((prev) => ({ ...prev, ...Object.fromEntries(pairs) }));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return srcs;
}

/**
 * Photos for a report or a rectification: thumbnails (tap to view, × to remove) and a tile that opens the
 * camera or the album. Photos are kept on the phone at once (a draft or an offline report keeps them).
 */
export function PhotoPicker({
  photos,
  onAdd,
  onRemove,
  max = 9,
  hint = '拍照或从相册选择',
  className = '',
}: {
  photos: LocalPhoto[];
  onAdd: (added: LocalPhoto[]) => void;
  onRemove: (photo: LocalPhoto) => void;
  max?: number;
  hint?: string;
  className?: string;
}) {
  const srcs = usePhotoSrcs(photos.map((p) => p.path));
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const added = await takePhotos(max - photos.length);
      if (added.length) onAdd(added);
    } catch (e) {
      toast(`未能获取照片：${errorMessage(e)}`, 3000);
    } finally {
      setBusy(false);
    }
  };
  const preview = (p: LocalPhoto) => {
    const urls = photos.map((x) => srcs[x.path]).filter((u): u is string => Boolean(u));
    const current = srcs[p.path];
    if (current) void Taro.previewImage({ urls, current }).catch(() => undefined);
  };
  return (
    <View className={`photos ${className}`}>
      {photos.map((p) => (
        <View key={p.path} className="photos__item">
          {srcs[p.path] ? (
            <Image className="photos__img" src={srcs[p.path]!} mode="aspectFill" onClick={() => preview(p)} />
          ) : (
            <View className="photos__img photos__img--missing">{p.path in srcs ? '照片已丢失' : '…'}</View>
          )}
          <View
            className="photos__remove"
            onClick={() => {
              dropPhoto(p.path);
              onRemove(p);
            }}
          >
            ×
          </View>
        </View>
      ))}
      {photos.length < max ? (
        <View className={`photos__add ${busy ? 'photos__add--busy' : ''}`} onClick={() => void add()}>
          <View className="photos__camera" />
          <Text className="photos__hint">{photos.length === 0 ? hint : '继续添加'}</Text>
        </View>
      ) : null}
    </View>
  );
}

/** Photos on the server (signed urls): a grid, tap to view full screen. */
export function RemotePhotos({ photos }: { photos: Array<{ id: string; url: string }> }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View className="photos photos--remote">
      {photos.map((p) => (
        <View key={p.id} className="photos__item">
          <Image
            className="photos__img"
            src={p.url}
            mode="aspectFill"
            lazyLoad
            onClick={() => void Taro.previewImage({ urls, current: p.url }).catch(() => undefined)}
          />
        </View>
      ))}
    </View>
  );
}
