// ColoredNode: the geometry node every vector layer draws with: per-vertex colours (premultiplied),
// 32-bit indices (a 16-bit index drops every vertex past 65,535 without a word), drawn unmerged with the
// full matrix as a uniform so that panning never re-transforms vertices on the CPU. While it has no
// vertices it blocks its subtree: an empty geometry must never reach the renderer (zero-sized buffers
// abort the frame under the RHI, leaving the previous frame on screen).
// Threading: render thread, like every scene-graph node.
#pragma once

#include <QSGGeometryNode>
#include <QSGVertexColorMaterial>

namespace cityops::ui {

class ColoredNode : public QSGGeometryNode {
public:
    ColoredNode()
    {
        auto *g = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), 0, 0, QSGGeometry::UnsignedIntType);
        g->setDrawingMode(QSGGeometry::DrawTriangles);
        setGeometry(g);
        setFlag(OwnsGeometry);
        auto *m = new QSGVertexColorMaterial;
        // Blending stays on even for opaque colours: within one node later triangles must paint over earlier
        // ones (outline then fill, minor then major roads), which the opaque pass's equal depths would refuse.
        m->setFlag(QSGMaterial::RequiresFullMatrix);
        setMaterial(m);
        setFlag(OwnsMaterial);
    }

    /// Replaces the geometry with a new one of this size (patterns: static indices, dynamic vertices).
    void reset(std::size_t vertices, std::size_t indices)
    {
        auto *g = new QSGGeometry(QSGGeometry::defaultAttributes_ColoredPoint2D(), static_cast<int>(vertices),
                                  static_cast<int>(indices), QSGGeometry::UnsignedIntType);
        g->setDrawingMode(QSGGeometry::DrawTriangles);
        g->setIndexDataPattern(QSGGeometry::StaticPattern);
        g->setVertexDataPattern(QSGGeometry::DynamicPattern);
        setGeometry(g);
        changed();
    }
    /// Resizes the geometry in place when the count differs.
    void resize(std::size_t vertices, std::size_t indices)
    {
        if (static_cast<std::size_t>(geometry()->vertexCount()) != vertices
            || static_cast<std::size_t>(geometry()->indexCount()) != indices)
            geometry()->allocate(static_cast<int>(vertices), static_cast<int>(indices));
    }
    /// After writing vertices or indices.
    void changed()
    {
        const bool blocked = isSubtreeBlocked();
        markDirty(blocked != m_wasBlocked ? DirtyGeometry | DirtySubtreeBlocked : DirtyGeometry);
        m_wasBlocked = blocked;
    }
    bool isSubtreeBlocked() const override { return geometry()->vertexCount() == 0 || geometry()->indexCount() == 0; }

private:
    bool m_wasBlocked = true;
};

} // namespace cityops::ui
